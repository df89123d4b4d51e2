/**
 * When a persistent session cookie expires, and how its value remembers it.
 *
 * The cookie's expiry is the session's rounded UP to a coarse step, so that a
 * rolling session (whose expiry moves on every request) needs a new
 * `Set-Cookie` only once per step, not on every response. The server cannot
 * see a cookie's attributes, so the cookie's value records the expiry it was
 * given (`<token>~<minutes since the epoch, base 36>`): a request whose
 * rounded expiry equals the recorded one sends no `Set-Cookie`, and the
 * client's cookie then still outlives the session.
 */

/** One minute, the unit of the recorded expiry and the smallest step, ms. */
const MINUTE_MS = 60_000;

/** Browsers cap a cookie's lifetime at 400 days, ms; a session that never expires gets that. */
export const LONGEST_COOKIE_MS = 400 * 24 * 60 * MINUTE_MS;

/** Separates the signed (or bare) token from the recorded expiry in a cookie value. */
export const EXPIRY_SEPARATOR = '~';

/** The share of a session's lifetime one refresh step spans. */
const STEP_SHARE = 0.01;

/** At most 8 base-36 digits of minutes: until the year 7000 or so. */
const RECORDED_EXPIRY = /^[0-9a-z]{1,8}$/;

/**
 * The refresh step for a session that lives `lifetimeMs` from its last use:
 * 1 % of it, in whole minutes, and at least one minute (ms). A 30-minute
 * `ttl` gives 1 minute, a day 14 minutes, a week 100 minutes.
 */
export function refreshStep(lifetimeMs: number): number {
  return Math.max(1, Math.floor((lifetimeMs * STEP_SHARE) / MINUTE_MS)) * MINUTE_MS;
}

/**
 * The expiry a persistent cookie gets for a session (epoch ms, a whole
 * minute): the session's `expiresAt` rounded up to {@link refreshStep} of its
 * lifetime, measured from `lastAccessedAt` so that it is the same on every
 * request of a sliding session. Never earlier than `expiresAt`, and at most
 * one step later. A session that never expires (`null`) gets 400 days from
 * its last use, rounded up the same way.
 */
export function cookieExpiry(expiresAt: number | null, lastAccessedAt: number): number {
  const target = expiresAt ?? lastAccessedAt + LONGEST_COOKIE_MS;
  const step = refreshStep(target - lastAccessedAt);
  return Math.ceil(target / step) * step;
}

/** The recorded form of a cookie expiry: whole minutes since the epoch (rounded up), base 36. */
export function encodeExpiry(expiresAt: number): string {
  return Math.ceil(expiresAt / MINUTE_MS).toString(36);
}

/** The expiry (epoch ms) a cookie value recorded, or `undefined` when `text` is not one. */
export function decodeExpiry(text: string): number | undefined {
  return RECORDED_EXPIRY.test(text) ? Number.parseInt(text, 36) * MINUTE_MS : undefined;
}
