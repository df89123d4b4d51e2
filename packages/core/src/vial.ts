import { checkUserId } from './binding.js';
import { openSession } from './load.js';
import { type ResolvedOptions, resolveOptions, type VialOptions } from './options.js';
import { Session, type SessionData } from './session.js';
import { isSid, parseToken } from './token.js';
import {
  listUserSessions,
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
   * The session a token names, read in one round trip. Only once the token's
   * secret is proved does storage change: with `rolling`, the idle expiry
   * slides when it has fallen behind by 1 % of the idle window (a second
   * round trip, at most once per such step). An unknown, expired, forged or
   * malformed token gives a new, empty session and writes nothing; a
   * malformed one is rejected before any I/O. A token the client sent is
   * never adopted: a new session gets a freshly minted one on save. A stored
   * record that cannot be read is reported (`onCorruptRecord`) and gives a
   * new session too.
   *
   * Rejects with `StorageUnavailableError` when the storage fails, so that an
   * outage is not mistaken for a signed-out user.
   */
  async load(token: string | null | undefined): Promise<Session<Data>> {
    const parsed = parseToken(token);
    if (parsed === null) return this.session();
    const loaded = await openSession(this.#options, token as string, parsed);
    return loaded === null ? this.session() : new Session<Data>(this.#options, loaded);
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
}
