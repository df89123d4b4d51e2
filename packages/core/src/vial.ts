import { checkUserId } from './binding.js';
import { callDriver } from './call-driver.js';
import type { StoredRecord } from './driver.js';
import { CREATED_AT_FIELD, GRACE_DIGEST_FIELD, TOKEN_DIGEST_FIELD } from './fields.js';
import { type ResolvedOptions, resolveOptions, type VialOptions } from './options.js';
import { Session, type SessionData } from './session.js';
import { isSid, type ParsedToken, parseToken, secretMatches } from './token.js';
import {
  listUserSessions,
  refreshIndexAfterLoad,
  revokeSession,
  revokeUserSessions,
  type UserSessionInfo,
} from './users.js';

/**
 * The session store. One per application, shared by all requests.
 *
 * ```ts
 * const vial = new Vial<{ cart: string[] }>({ driver: memoryDriver(), ttl: '30m' });
 * const session = await vial.load(cookieValue); // one round trip; a new session if the token is unknown
 * session.set('cart', ['espresso']);
 * await session.save();                          // session.id is the token to send back
 * ```
 */
export class Vial<Data extends object = SessionData> {
  readonly #options: ResolvedOptions;

  constructor(options: VialOptions) {
    this.#options = resolveOptions(options);
  }

  /**
   * The current time (epoch milliseconds) by this store's clock: the `clock`
   * option, else the driver's, else `Date.now()`. Framework adapters read time
   * from here, so one injected clock drives sessions and cookies alike.
   */
  now(): number {
    return this.#options.clock();
  }

  /** Whether each load slides the idle expiry (the `rolling` option). */
  get rolling(): boolean {
    return this.#options.rolling;
  }

  /** A new, empty session. Nothing is stored until its first `save()`. */
  session(): Session<Data> {
    return new Session<Data>(this.#options);
  }

  /**
   * The session a token names, read in one round trip (which also slides its
   * idle expiry, unless `rolling: false`). An unknown, expired, forged or
   * malformed token gives a new, empty session; a malformed one is rejected
   * before any I/O. A token the client sent is never adopted: a new session
   * gets a freshly minted one on save.
   *
   * Rejects with `StorageUnavailableError` when the storage fails, so that an
   * outage is not mistaken for a signed-out user.
   */
  async load(token: string | null | undefined): Promise<Session<Data>> {
    const parsed = parseToken(token);
    if (parsed === null) return this.session();
    const { driver, clock, rolling } = this.#options;
    const now = clock();
    const record = await callDriver(driver, 'load', () =>
      driver.read(parsed.sid, { now, touch: rolling }),
    );
    if (record === null || !this.#opens(parsed, record, now)) return this.session();
    const createdAt = Number(record.fields.get(CREATED_AT_FIELD));
    const { maxAgeMs } = this.#options;
    if (maxAgeMs !== null && createdAt + maxAgeMs <= now) return this.session();
    const indexed = await refreshIndexAfterLoad(this.#options, parsed.sid, record, now);
    return new Session<Data>(this.#options, {
      sid: parsed.sid,
      token: token as string,
      record: indexed,
      createdAt,
      now,
    });
  }

  /**
   * The live sessions bound to `userId`, most recently used first: metadata
   * only, never a token. Expired and revoked sessions are pruned from the
   * user's index as they are found. Needs a driver with `userIndex`.
   */
  sessionsOf(userId: string): Promise<UserSessionInfo[]> {
    return listUserSessions(this.#options, checkUserId(userId) as string);
  }

  /**
   * Ends every session bound to `userId` ("sign out everywhere"), or every
   * one but `except` ("everywhere else"). A revoked session loads as new at
   * once, and a request still holding it gets `SessionGoneError` on save.
   * Resolves to the number of sessions ended. Needs a driver with `userIndex`.
   */
  revokeUser(userId: string, options: { except?: Session<Data> | string } = {}): Promise<number> {
    const except = options.except;
    const keep = except === undefined ? null : typeof except === 'string' ? except : except.sid;
    return revokeUserSessions(this.#options, checkUserId(userId) as string, keep);
  }

  /**
   * Ends one session by its sid (as listed by `sessionsOf`). Resolves `true`
   * when it existed.
   */
  revoke(sid: string): Promise<boolean> {
    if (!isSid(sid)) return Promise.resolve(false);
    return revokeSession(this.#options, sid);
  }

  /** Releases what the driver itself opened. Never closes a client you passed in. */
  async close(): Promise<void> {
    await this.#options.driver.close?.();
  }

  /** Whether the token's secret opens the record: the current one, or the previous one within its grace window. */
  #opens(token: ParsedToken, record: StoredRecord, now: number): boolean {
    if (secretMatches(token.secret, record.fields.get(TOKEN_DIGEST_FIELD))) return true;
    const grace = record.fields.get(GRACE_DIGEST_FIELD);
    if (grace === undefined) return false;
    const [digest, until] = grace.split(' ');
    return Number(until) > now && secretMatches(token.secret, digest);
  }
}
