import { describe } from './duration.js';
import { InvalidOptionError } from './errors.js';
import { decodeOwnTtl, type ExpiryPolicy, encodeOwnTtl } from './expiry.js';
import {
  BROWSER_SESSION_FIELD,
  DETAILS_FIELD,
  INDEX_SCORE_FIELD,
  OWN_TTL_FIELD,
  USER_ID_FIELD,
} from './fields.js';

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
  // A lone surrogate has no UTF-8 form: storage would hand back another user id.
  if (!userId.isWellFormed()) {
    throw new InvalidOptionError(
      'userId',
      `userId must be well-formed UTF-16 (it holds a lone surrogate, which storage would turn into U+FFFD); got ${JSON.stringify(userId)}`,
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

/**
 * The metadata an app sets on a session: the user it is bound to, as this
 * copy wants it and as storage holds it, the details recorded for listings,
 * the score of its entry in the user's index (`undefined` when not
 * indexed), and its own lifetime ("remember me": an idle timeout of its
 * own, a browser-session cookie).
 */
export class UserBinding {
  userId: string | null = null;
  storedUserId: string | null = null;
  details: Readonly<Record<string, string>> = NO_DETAILS;
  detailsChanged = false;
  indexScore: number | null | undefined = undefined;
  /** The session's own idle timeout (ms, `null` for none), or `undefined` for the Vial's policy. */
  ownTtlMs: number | null | undefined = undefined;
  browserSession = false;
  lifetimeChanged = false;

  /** Takes the binding a stored record holds. */
  adopt(fields: ReadonlyMap<string, string>): void {
    this.storedUserId = fields.get(USER_ID_FIELD) ?? null;
    this.userId = this.storedUserId;
    this.details = parseDetails(fields.get(DETAILS_FIELD));
    this.detailsChanged = false;
    this.indexScore = decodeScore(fields.get(INDEX_SCORE_FIELD));
    this.ownTtlMs = decodeOwnTtl(fields.get(OWN_TTL_FIELD));
    this.browserSession = fields.has(BROWSER_SESSION_FIELD);
    this.lifetimeChanged = false;
  }

  /** Whether the next save moves the session to another user (or to none). */
  get rebound(): boolean {
    return this.userId !== this.storedUserId;
  }

  /** Whether the next save writes anything of the binding. */
  get changed(): boolean {
    return this.rebound || this.detailsChanged || this.lifetimeChanged;
  }

  /** The binding's metadata fields as a new record holds them. */
  fields(): Map<string, string> {
    const fields = new Map<string, string>();
    if (this.userId !== null) fields.set(USER_ID_FIELD, this.userId);
    if (this.details !== NO_DETAILS) fields.set(DETAILS_FIELD, JSON.stringify(this.details));
    if (this.ownTtlMs !== undefined) fields.set(OWN_TTL_FIELD, encodeOwnTtl(this.ownTtlMs));
    if (this.browserSession) fields.set(BROWSER_SESSION_FIELD, '1');
    return fields;
  }

  /** Adds what an update of the stored record must write of the binding. */
  addChanges(set: Map<string, string>, del: string[]): void {
    if (this.rebound) {
      if (this.userId === null) del.push(USER_ID_FIELD, INDEX_SCORE_FIELD);
      else set.set(USER_ID_FIELD, this.userId);
    }
    if (this.detailsChanged) set.set(DETAILS_FIELD, JSON.stringify(this.details));
    if (this.lifetimeChanged) {
      if (this.ownTtlMs === undefined) del.push(OWN_TTL_FIELD);
      else set.set(OWN_TTL_FIELD, encodeOwnTtl(this.ownTtlMs));
      if (this.browserSession) set.set(BROWSER_SESSION_FIELD, '1');
      else del.push(BROWSER_SESSION_FIELD);
    }
  }

  /** Records that the binding was written, with the index score it has now. */
  commit(score: number | null | undefined): void {
    this.storedUserId = this.userId;
    this.indexScore = this.userId === null ? undefined : score;
    this.detailsChanged = false;
    this.lifetimeChanged = false;
  }

  /** Forgets the binding and the details (a destroyed or reset session). */
  reset(): void {
    this.userId = null;
    this.storedUserId = null;
    this.indexScore = undefined;
    this.details = NO_DETAILS;
    this.detailsChanged = false;
    this.ownTtlMs = undefined;
    this.browserSession = false;
    this.lifetimeChanged = false;
  }
}
