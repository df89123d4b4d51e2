import { checkDetails, checkUserId, UserBinding } from './binding.js';
import type { StoredRecord } from './driver.js';
import { type Duration, describe, parseDuration } from './duration.js';
import { GraceSessionError, InvalidOptionError, SessionGoneError } from './errors.js';
import { type ExpiryPolicy, expiresAtOf, policyFor } from './expiry.js';
import type { LoadedSession } from './load.js';
import type { ResolvedOptions } from './options.js';
import {
  type Committed,
  destroyRecord,
  readRecord,
  type WriteKind,
  type WriteState,
  writeSession,
} from './persist.js';
import type { ParsedToken } from './token.js';
import { SessionValues } from './values.js';

/**
 * What a session holds by default: string keys to values its codec can
 * encode. Declare your own as a `type` or an `interface`:
 * `new Vial<{ cart: string[]; visits: number }>(...)`.
 */
export type SessionData = Record<string, unknown>;

/** The string keys of a session's data type. */
export type SessionKey<Data extends object> = Extract<keyof Data, string>;

const DONE: Promise<void> = Promise.resolve();

/** The internal method `Vial.importOnce` creates a session under a derived token with; not exported from the package. */
export const CREATE_UNDER = Symbol('vial.createUnder');

/**
 * A session: a typed, mutable mapping of keys to values, with an `id` that is
 * `null` until the first save. Reads are synchronous once loaded; values are
 * decoded on first `get`. `save()` writes only what changed since the load,
 * including changes made inside a value that was read (`get('cart').push(x)`).
 *
 * Create sessions with `vial.session()` or `vial.load(token)`, not `new`.
 */
export class Session<Data extends object = SessionData>
  implements Iterable<[SessionKey<Data>, Data[SessionKey<Data>]]>
{
  readonly #options: ResolvedOptions;
  readonly #values: SessionValues;
  readonly #binding = new UserBinding();
  #sid: string | null = null;
  #token: string | null = null;
  #createdAt: number;
  #lastAccessedAt: number;
  #expiresAt: number | null = null;
  #revision = 0;
  #basis: unknown;
  /** The token a new session is to be created under (`Vial.importOnce`), else minted on save. */
  #fixed: ParsedToken | undefined;
  #grace = false;
  #gone = false;
  /** Saves, touches and regenerations of one session run one after another. */
  #queue: Promise<unknown> = DONE;
  #pending = 0;

  /** @internal Use `vial.session()` or `vial.load()`. */
  constructor(options: ResolvedOptions, loaded?: LoadedSession) {
    this.#options = options;
    this.#values = new SessionValues(options);
    if (loaded === undefined) {
      const now = options.clock();
      this.#createdAt = now;
      this.#lastAccessedAt = now;
      this.#expiresAt = expiresAtOf(this.#policy(), now);
      return;
    }
    this.#sid = loaded.sid;
    this.#token = loaded.token;
    this.#createdAt = loaded.createdAt;
    this.#lastAccessedAt = loaded.now;
    this.#grace = loaded.grace;
    this.#adopt(loaded.record);
  }

  #adopt(record: StoredRecord): void {
    this.#values.adopt(record.fields);
    this.#binding.adopt(record.fields);
    this.#expiresAt = record.expiresAt;
    this.#revision = record.revision;
    this.#basis = record.basis;
  }

  /** The token to hand to the client (`<sid>.<secret>`), or `null` until the first save. */
  get id(): string | null {
    return this.#token;
  }

  /** The storage id of this session, or `null` until the first save. Opens nothing on its own. */
  get sid(): string | null {
    return this.#sid;
  }

  /** `true` until the session is first saved. */
  get isNew(): boolean {
    return this.#sid === null;
  }

  /** `true` once the session was destroyed, or found gone from storage by a save. */
  get isDestroyed(): boolean {
    return this.#gone;
  }

  /**
   * `true` when `save()` has nothing to do: the session is stored, holds no
   * unsaved change and has no write in flight. Adapters read it to send a
   * response at once instead of a turn later.
   */
  get isSaved(): boolean {
    return this.#pending === 0 && this.#sid !== null && !this.hasChanges();
  }

  /** When the session was created. */
  get createdAt(): Date {
    return new Date(this.#createdAt);
  }

  /** When the session was last loaded, saved or touched by this process. */
  get lastAccessedAt(): Date {
    return new Date(this.#lastAccessedAt);
  }

  /** When the session expires unless used again, or `null` when it never expires. */
  get expiresAt(): Date | null {
    return this.#expiresAt === null ? null : new Date(this.#expiresAt);
  }

  /**
   * The user this session is bound to, or `null`. Assign a user id to bind
   * (do it together with `regenerate()` on sign-in), `null` to unbind; the
   * next save stores it and moves the session between users' indexes. Bound
   * sessions are listed by `vial.sessionsOf()` and ended by
   * `vial.revokeUser()`, and expire after `userTtl` when it is set.
   */
  get userId(): string | null {
    return this.#binding.userId;
  }

  set userId(userId: string | null) {
    this.#assertUsable('bind a user to');
    const checked = checkUserId(userId);
    if (this.#grace && checked !== this.#binding.userId) {
      throw new GraceSessionError('change the user of this session');
    }
    this.#binding.userId = checked;
  }

  /** Descriptive details recorded for listings (such as a user agent); never a secret. */
  get details(): Readonly<Record<string, string>> {
    return this.#binding.details;
  }

  /** Records descriptive details shown by `vial.sessionsOf()`, replacing earlier ones; saved with the next save. */
  setDetails(details: Record<string, string>): this {
    this.#assertUsable('set details of');
    this.#binding.details = checkDetails(details);
    this.#binding.detailsChanged = true;
    return this;
  }

  /**
   * The idle timeout in effect for this session, in milliseconds (`null`
   * for none): its own when {@link Session.setTtl} gave it one, else the
   * Vial's `userTtl` while bound, else its `ttl`. `maxAge` still caps it.
   */
  get ttlMs(): number | null {
    return this.#policy().idleMs;
  }

  /**
   * Gives this session an idle timeout of its own ("remember me"), longer or
   * shorter than the Vial's `ttl`: a duration as the Vial's options take it
   * (`'30d'`, or seconds), `false` for none, `null` to go back to the
   * Vial's. Still capped by `maxAge`. Saved with the next save, which moves
   * the storage expiry and the cookie to it; it stays with the session
   * through `regenerate()`.
   */
  setTtl(ttl: Duration | false | null): this {
    this.#assertUsable('set the lifetime of');
    const binding = this.#binding;
    binding.ownTtlMs = ttl === null ? undefined : parseDuration('ttl', ttl, true);
    binding.lifetimeChanged = true;
    if (this.#sid === null) this.#expiresAt = expiresAtOf(this.#policy(), this.#lastAccessedAt);
    return this;
  }

  /**
   * Whether the session's cookie is a browser-session cookie (no expiry:
   * the browser drops it when it closes), as for an unticked "remember me"
   * box. Storage still expires the session by its idle timeout. Saved with
   * the next save; the adapters set the cookie accordingly.
   */
  get browserSession(): boolean {
    return this.#binding.browserSession;
  }

  set browserSession(value: boolean) {
    this.#assertUsable('set the lifetime of');
    if (typeof value !== 'boolean') {
      throw new InvalidOptionError(
        'browserSession',
        `browserSession must be true or false; got ${describe(value)}`,
      );
    }
    if (value === this.#binding.browserSession) return;
    this.#binding.browserSession = value;
    this.#binding.lifetimeChanged = true;
  }

  /**
   * Whether the session holds changes not saved yet: keys set, changed (also
   * inside a value that was read) or deleted, a user bound or unbound,
   * details set, or its own lifetime. A new session that was given nothing
   * has none.
   */
  hasChanges(): boolean {
    return !this.#gone && (this.#binding.changed || this.#values.changed());
  }

  /** The value of `key`, or `undefined`. Decodes on first access. */
  get<K extends SessionKey<Data>>(key: K): Data[K] | undefined {
    return this.#values.get(key) as Data[K] | undefined;
  }

  /**
   * Sets `key`. Throws, and changes nothing, when the codec cannot store the
   * value (`EncodingError` naming the key) or the key or value is over its
   * limit (`KeyTooLargeError`, `ValueTooLargeError`).
   */
  set<K extends SessionKey<Data>>(key: K, value: Data[K]): this {
    this.#assertUsable('set a value on');
    this.#values.set(key, value);
    return this;
  }

  /** Whether `key` has a value. */
  has(key: string): boolean {
    return this.#values.has(key);
  }

  /** Removes `key`; `true` when it had a value. */
  delete(key: SessionKey<Data>): boolean {
    return this.#values.delete(key);
  }

  /** Removes every key. Metadata (id, expiry, user) is kept. */
  clear(): void {
    for (const key of this.#values.keys()) this.#values.delete(key);
  }

  /** How many keys have a value. */
  get size(): number {
    return this.#values.keys().length;
  }

  /** The keys that have a value, stored ones first. */
  keys(): IterableIterator<SessionKey<Data>> {
    return (this.#values.keys() as SessionKey<Data>[])[Symbol.iterator]();
  }

  /** The values, decoding each on first access. */
  *values(): IterableIterator<Data[SessionKey<Data>]> {
    for (const key of this.keys()) yield this.get(key) as Data[SessionKey<Data>];
  }

  /** `[key, value]` pairs, decoding each value on first access. */
  *entries(): IterableIterator<[SessionKey<Data>, Data[SessionKey<Data>]]> {
    for (const key of this.keys()) yield [key, this.get(key) as Data[SessionKey<Data>]];
  }

  [Symbol.iterator](): IterableIterator<[SessionKey<Data>, Data[SessionKey<Data>]]> {
    return this.entries();
  }

  /** The data as a plain object (metadata excluded). */
  toJSON(): Partial<Data> {
    return Object.fromEntries(this.entries()) as unknown as Partial<Data>;
  }

  /**
   * Writes what changed since the load, in one round trip: changed and new
   * keys, deleted keys, and the expiry. A session that did not change writes
   * nothing. A new session is stored and gets its `id`.
   *
   * Rejects, writing nothing, with `SessionGoneError` when the session was
   * destroyed or expired in storage meanwhile; with `EncodingError` or a
   * `LimitExceededError` when a value or the record cannot be stored.
   */
  save(): Promise<void> {
    // Nothing to write and nothing in flight: no storage call and no turn of the queue.
    if (this.isSaved) return DONE;
    return this.#write('save');
  }

  /**
   * Moves the session to a new sid with a new secret (session fixation
   * defence: do it on sign-in and on any change of privilege), keeping its
   * data and saving pending changes, in one round trip. The previous token
   * opens nothing from then on; with `regenerateGrace`, a session already
   * bound to a user that stays bound to the same user still opens with it
   * for that long, for requests already in flight.
   */
  regenerate(): Promise<void> {
    if (this.#grace) return Promise.reject(new GraceSessionError('regenerate this session'));
    return this.#write('regenerate');
  }

  /** Extends the idle expiry without changing data: one round trip. */
  touch(): Promise<void> {
    return this.#write('touch');
  }

  /**
   * Removes the session from storage. Its `id` becomes `null`; it can no
   * longer be saved. Destroying an unsaved session just discards it.
   */
  destroy(): Promise<void> {
    return this.#serially(async () => {
      const sid = this.#sid;
      const user = this.#binding.storedUserId;
      this.#markGone();
      if (sid !== null) await destroyRecord(this.#options, sid, user);
    });
  }

  /**
   * Drops local changes and reads the session again. Rejects with
   * `SessionGoneError` when it no longer exists in storage.
   */
  reload(): Promise<void> {
    return this.#serially(async () => {
      this.#assertUsable('reload');
      const sid = this.#sid;
      if (sid === null) {
        this.#values.clearAll();
        this.#binding.reset();
        return;
      }
      const now = this.#options.clock();
      const record = await readRecord(this.#options, sid, now, 'reload');
      if (record === null) {
        this.#markGone();
        throw new SessionGoneError('reload the session');
      }
      this.#adopt(record);
      this.#lastAccessedAt = now;
    });
  }

  #write(kind: WriteKind): Promise<void> {
    return this.#serially(async () => {
      this.#assertUsable(kind);
      const state: WriteState = {
        sid: this.#sid,
        token: this.#token,
        createdAt: this.#createdAt,
        expiresAt: this.#expiresAt,
        revision: this.#revision,
        basis: this.#basis,
        policy: this.#policy(),
        values: this.#values,
        binding: this.#binding,
        ...(this.#fixed === undefined ? undefined : { fixed: this.#fixed }),
      };
      let committed: Committed | null;
      try {
        committed = await writeSession(this.#options, kind, state);
      } catch (error) {
        if (error instanceof SessionGoneError) this.#markGone();
        throw error;
      }
      if (committed === null) return;
      this.#fixed = undefined;
      // The basis stays with the record it describes (the driver keeps it current); a new record brings its own.
      if (committed.sid !== this.#sid) this.#basis = committed.basis;
      this.#sid = committed.sid;
      this.#token = committed.token;
      this.#revision = committed.revision;
      this.#expiresAt = committed.expiresAt;
      this.#lastAccessedAt = committed.now;
    });
  }

  /** @internal `Vial.importOnce`: the token this new session is to be created under. */
  [CREATE_UNDER](token: ParsedToken): void {
    if (this.#sid !== null)
      throw new Error('only a new session can be created under a given token');
    this.#fixed = token;
  }

  #serially<T>(work: () => Promise<T>): Promise<T> {
    this.#pending += 1;
    const run = this.#queue.then(work, work).finally(() => {
      this.#pending -= 1;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #markGone(): void {
    this.#gone = true;
    this.#sid = null;
    this.#token = null;
    this.#basis = undefined;
    this.#values.clearAll();
    this.#binding.reset();
  }

  #policy(): ExpiryPolicy {
    const binding = this.#binding;
    return policyFor(this.#options, this.#createdAt, binding.userId, binding.ownTtlMs);
  }

  #assertUsable(action: string): void {
    if (this.#gone) throw new SessionGoneError(`${action} a destroyed session`);
  }
}
