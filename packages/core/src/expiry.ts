import { OWN_TTL_FIELD, USER_ID_FIELD } from './fields.js';
import type { ResolvedOptions } from './options.js';

/**
 * How long a session lives: `min(lastUse + idleMs, deadline)`, where `null`
 * means no limit on that side; both `null` means it never expires.
 */
export interface ExpiryPolicy {
  /** Sliding idle window in milliseconds, or `null` for no idle timeout. */
  readonly idleMs: number | null;
  /** Absolute expiry time (epoch milliseconds), or `null` for none. Never extended. */
  readonly deadline: number | null;
}

/** The share of the idle window by which a sliding expiry moves at once (1 %). */
const SLIDE_SHARE = 0.01;

/**
 * The policy of a session: its own idle timeout when it has one
 * (`session.setTtl()`), else `userTtl` while bound (when set), else `ttl`;
 * `maxAge` caps them all.
 */
export function policyFor(
  options: ResolvedOptions,
  createdAt: number,
  userId: string | null,
  ownIdleMs?: number | null,
): ExpiryPolicy {
  const idleMs =
    ownIdleMs !== undefined
      ? ownIdleMs
      : userId !== null && options.userTtlMs !== undefined
        ? options.userTtlMs
        : options.ttlMs;
  return { idleMs, deadline: options.maxAgeMs === null ? null : createdAt + options.maxAgeMs };
}

/** The policy of a stored record: its user's and its own idle timeout, read from its fields. */
export function policyOfRecord(
  options: ResolvedOptions,
  createdAt: number,
  fields: ReadonlyMap<string, string>,
): ExpiryPolicy {
  const userId = fields.get(USER_ID_FIELD) ?? null;
  return policyFor(options, createdAt, userId, decodeOwnTtl(fields.get(OWN_TTL_FIELD)));
}

/** The own idle timeout a record's `#l` field holds: ms, `null` for none, `undefined` for the Vial's. */
export function decodeOwnTtl(text: string | undefined): number | null | undefined {
  if (text === undefined) return undefined;
  if (text === 'none') return null;
  const ms = Number(text);
  return Number.isSafeInteger(ms) && ms > 0 ? ms : undefined;
}

export function encodeOwnTtl(ms: number | null): string {
  return ms === null ? 'none' : String(ms);
}

/** The expiry time of a policy applied at `now`, or `null` for never. */
export function expiresAtOf(policy: ExpiryPolicy, now: number): number | null {
  const idle = policy.idleMs === null ? null : now + policy.idleMs;
  if (idle === null) return policy.deadline;
  if (policy.deadline === null) return idle;
  return Math.min(idle, policy.deadline);
}

/**
 * Whether a record expiring at `stored` must be written to expire at
 * `target` instead. A sliding expiry moves in steps of 1 % of the idle
 * window, so that activity costs a storage write at most once per step
 * (a session then expires between 99 % and 100 % of its idle time after its
 * last use); a shorter or a different kind of expiry is always written.
 */
export function mustMoveExpiry(
  policy: ExpiryPolicy,
  stored: number | null,
  target: number | null,
): boolean {
  if (stored === target) return false;
  if (stored === null || target === null || target < stored) return true;
  const step = policy.idleMs === null ? 0 : Math.floor(policy.idleMs * SLIDE_SHARE);
  return target - stored >= step;
}
