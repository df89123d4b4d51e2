import type { ExpiryPolicy } from './driver.js';
import { describe } from './duration.js';
import { InvalidOptionError } from './errors.js';

/**
 * The score a user-index entry gets at `now`: the end of the next idle window
 * (capped by the deadline). Loads slide the record's expiry without touching
 * the index, so core re-scores the entry once the record's expiry passes its
 * score, at most once per idle window, keeping every live session listed.
 */
export function indexScoreAt(policy: ExpiryPolicy, now: number): number | null {
  if (policy.idleMs === null) return policy.deadline;
  const score = now + 2 * policy.idleMs;
  return policy.deadline === null ? score : Math.min(score, policy.deadline);
}

/** Whether an index entry with `score` (`null`: never expires) still outlives a record expiring at `expiresAt`. */
export function indexCovers(score: number | null | undefined, expiresAt: number | null): boolean {
  if (score === undefined) return false;
  if (score === null) return true;
  return expiresAt !== null && score >= expiresAt;
}

export function encodeScore(score: number | null): string {
  return score === null ? 'inf' : String(score);
}

export function decodeScore(text: string | undefined): number | null | undefined {
  if (text === undefined) return undefined;
  return text === 'inf' ? null : Number(text);
}

const MAX_USER_ID_LENGTH = 512;

/** Checks a user id to bind: a non-empty string, or `null` to unbind. */
export function checkUserId(userId: unknown): string | null {
  if (userId === null) return null;
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > MAX_USER_ID_LENGTH) {
    throw new InvalidOptionError(
      'userId',
      `userId must be a non-empty string of at most ${MAX_USER_ID_LENGTH} characters, or null to unbind; got ${describe(userId)}`,
    );
  }
  return userId;
}

/** Checks details to record for listings: a flat object of strings. */
export function checkDetails(details: unknown): Readonly<Record<string, string>> {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    throw new InvalidOptionError(
      'details',
      `details must be an object of strings, such as { userAgent: '…' }; got ${describe(details)}`,
    );
  }
  const copy: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(details)) {
    if (typeof value !== 'string') {
      throw new InvalidOptionError(
        'details',
        `details.${key} must be a string; got ${describe(value)}`,
      );
    }
    copy[key] = value;
  }
  return Object.freeze(copy);
}

const NO_DETAILS: Readonly<Record<string, string>> = Object.freeze(Object.create(null));

export function parseDetails(text: string | undefined): Readonly<Record<string, string>> {
  if (text === undefined) return NO_DETAILS;
  try {
    return checkDetails(JSON.parse(text));
  } catch {
    return NO_DETAILS;
  }
}
