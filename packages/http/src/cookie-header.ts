import {
  decodeExpiry,
  EXPIRY_SEPARATOR,
  encodeExpiry,
  LONGEST_COOKIE_MS,
} from './cookie-expiry.js';
import type { ResolvedCookie } from './cookie-options.js';
import { cookieValue } from './cookie-value.js';
import type { ResolvedHttpOptions } from './options.js';
import { sign, unsignCached } from './signing.js';

/** What the request's session cookie holds. */
export interface IncomingToken {
  /** Whether the request carried the session cookie at all, valid or not. */
  readonly present: boolean;
  /** The vial token to load, or `null` (no cookie, or a bad signature). */
  readonly token: string | null;
  /** The cookie was signed with an older secret: send it again signed with the current one. */
  readonly resign: boolean;
  /**
   * The expiry the cookie was given when it was last set (epoch ms, a whole
   * minute), as its value records it; `undefined` when it records none (a
   * browser-session cookie, or one set by an older version), which makes the
   * next response refresh it.
   */
  readonly expiresAt?: number | undefined;
  /**
   * `<token>.<signature>` as the cookie carried it, when the first secret
   * signed it: a response that keeps the token sends it again as is, without
   * computing the signature a second time. `undefined` otherwise.
   */
  readonly signedValue?: string | undefined;
}

/** What the cookie functions need of the resolved options. */
export type CookieSettings = Pick<ResolvedHttpOptions, 'cookie' | 'secrets'>;

const NONE: IncomingToken = {
  present: false,
  token: null,
  resign: false,
  expiresAt: undefined,
  signedValue: undefined,
};
const FORGED: IncomingToken = { ...NONE, present: true };

/** The longest cookie browsers keep, seconds. */
const LONGEST_COOKIE_SECONDS = LONGEST_COOKIE_MS / 1000;

/** Characters `encodeURIComponent` leaves alone: every token, signature and recorded expiry. */
const PLAIN_VALUE = /^[\w.~-]*$/;

/**
 * Reads the session cookie from a `Cookie` request header: the first cookie
 * of that name, as `cookie.parse` would find it (without building an object
 * of every other cookie the header carries).
 */
export function readToken(
  header: string | null | undefined,
  options: CookieSettings,
): IncomingToken {
  if (header === undefined || header === null || header === '') return NONE;
  const raw = cookieValue(header, options.cookie.name);
  if (raw === undefined) return NONE;
  const separator = raw.lastIndexOf(EXPIRY_SEPARATOR);
  const value = separator === -1 ? raw : raw.slice(0, separator);
  const expiresAt = separator === -1 ? undefined : decodeExpiry(raw.slice(separator + 1));
  const { secrets } = options;
  if (secrets.length === 0) {
    return { present: true, token: value, resign: false, expiresAt, signedValue: undefined };
  }
  const unsigned = unsignCached(value, secrets);
  if (unsigned === null) return FORGED;
  const current = unsigned.current;
  return {
    present: true,
    token: unsigned.token,
    resign: !current,
    expiresAt,
    signedValue: current ? value : undefined,
  };
}

/**
 * A `Set-Cookie` value carrying `token`. A persistent cookie expires at
 * `expiresAt` (Max-Age rounded up to whole seconds, so never before it; 400
 * days, browsers' longest, when `null` or later than that) and its value
 * records that expiry (`<value>~<minutes, base 36>`, see `cookieExpiry`).
 * `now` is the store's clock (`vial.now()`, epoch ms), from which Max-Age is
 * counted. `incoming`, the request's cookie, lends its signature when the
 * token is the same and the first secret signed it. `persistent` (the
 * `cookie.persistent` option unless given) `false` makes a browser-session
 * cookie, without expiry, as for a session that asked for one.
 */
export function sessionCookie(
  token: string,
  expiresAt: Date | null,
  secure: boolean,
  options: CookieSettings,
  now: number,
  incoming?: IncomingToken,
  persistent = options.cookie.persistent,
): string {
  const { cookie, secrets } = options;
  let value: string;
  if (secrets.length === 0) value = token;
  else if (incoming?.signedValue !== undefined && incoming.token === token) {
    value = incoming.signedValue;
  } else value = sign(token, secrets[0] as string);
  const parts = attributesOf(cookie);
  const flags = secure ? parts.secureFlags : parts.flags;
  if (!persistent) return `${parts.prefix}${encodeValue(value)}${parts.scope}${flags}`;
  const at = expiresAt === null ? now + LONGEST_COOKIE_MS : expiresAt.getTime();
  const maxAge = Math.min(LONGEST_COOKIE_SECONDS, Math.max(0, Math.ceil((at - now) / 1000)));
  // Expires is for clients without Max-Age: whole seconds, rounded up like Max-Age.
  const expires = new Date(Math.ceil(Math.min(at, now + LONGEST_COOKIE_MS) / 1000) * 1000);
  const recorded = `${value}${EXPIRY_SEPARATOR}${encodeExpiry(at)}`;
  return `${parts.prefix}${encodeValue(recorded)}; Max-Age=${maxAge}${parts.scope}; Expires=${expires.toUTCString()}${flags}`;
}

/** A `Set-Cookie` value that deletes the session cookie. */
export function clearingCookie(secure: boolean, options: CookieSettings): string {
  const parts = attributesOf(options.cookie);
  const flags = secure ? parts.secureFlags : parts.flags;
  return `${parts.prefix}; Max-Age=0${parts.scope}; Expires=${new Date(0).toUTCString()}${flags}`;
}

/**
 * The fixed pieces of the cookie's `Set-Cookie` line, in the `cookie`
 * package's order (name=value; Max-Age; Domain; Path; Expires; HttpOnly;
 * Secure; Partitioned; SameSite), built once per cookie configuration.
 */
interface Attributes {
  /** `name=`. */
  readonly prefix: string;
  /** `; Domain=...; Path=...`. */
  readonly scope: string;
  /** `; HttpOnly; Partitioned; SameSite=...` without, and with, `; Secure`. */
  readonly flags: string;
  readonly secureFlags: string;
}

const ATTRIBUTES = new WeakMap<ResolvedCookie, Attributes>();

function attributesOf(cookie: ResolvedCookie): Attributes {
  let parts = ATTRIBUTES.get(cookie);
  if (parts === undefined) {
    const flags = (secure: boolean) =>
      (cookie.httpOnly ? '; HttpOnly' : '') +
      (secure ? '; Secure' : '') +
      (cookie.partitioned ? '; Partitioned' : '') +
      (cookie.sameSite === false ? '' : `; SameSite=${SAME_SITE[cookie.sameSite]}`);
    parts = {
      prefix: `${cookie.name}=`,
      scope: `${cookie.domain ? `; Domain=${cookie.domain}` : ''}; Path=${cookie.path}`,
      flags: flags(false),
      secureFlags: flags(true),
    };
    ATTRIBUTES.set(cookie, parts);
  }
  return parts;
}

const SAME_SITE = { lax: 'Lax', strict: 'Strict', none: 'None' } as const;

/** As the `cookie` package writes a value; vial's values never need escaping. */
function encodeValue(value: string): string {
  return PLAIN_VALUE.test(value) ? value : encodeURIComponent(value);
}
