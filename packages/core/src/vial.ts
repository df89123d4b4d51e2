import { checkUserId } from './binding.js';
import { InvalidOptionError } from './errors.js';
import { openSession } from './load.js';
import { type ResolvedOptions, resolveOptions, type VialOptions } from './options.js';
import { TokenTakenError } from './persist.js';
import { CREATE_UNDER, Session, type SessionData } from './session.js';
import { derivedToken, isSid, type ParsedToken, parseToken } from './token.js';
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
   * The one session imported from `source` (such as another store's session
   * id), however many requests import it at once: its token is derived from
   * `source` and `key` (HMAC-SHA256), so every call finds the same session.
   * A call that finds it stored loads it (one round trip). Otherwise `read`
   * fetches what to import, `null` for nothing (then a session another call
   * stored meanwhile is still found); `fill` puts it into a new session, which
   * is created under the derived token only if no other call created it
   * first, else that one is loaded. Resolves the session, or `null` when
   * there is nothing to import. Keep `key` as secret as a cookie secret: with
   * it and `source`, anyone could compute the token.
   */
  async importOnce<T>(
    source: string,
    key: string,
    read: () => Promise<T | null>,
    fill: (session: Session<Data>, found: T) => void,
  ): Promise<Session<Data> | null> {
    if (typeof key !== 'string' || key.length < 16) {
      throw new InvalidOptionError('key', 'importOnce() needs a key of at least 16 characters');
    }
    const token = derivedToken(key, source);
    const stored = await this.load(token);
    if (!stored.isNew) return stored;
    const found = await read();
    const session = found === null ? null : this.session();
    if (session !== null) {
      session[CREATE_UNDER](parseToken(token) as ParsedToken);
      fill(session, found as T);
      try {
        await session.save();
        return session;
      } catch (error) {
        if (!(error instanceof TokenTakenError)) throw error;
      }
    }
    const other = await this.load(token);
    return other.isNew ? null : other;
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
