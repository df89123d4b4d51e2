import {
  checkDetails,
  checkUserId,
  decodeScore,
  encodeScore,
  indexCovers,
  indexScoreAt,
  parseDetails,
} from './binding.js';
import { callDriver } from './call-driver.js';
import type { ExpiryPolicy, StoredRecord } from './driver.js';
import { expiresAtOf } from './driver.js';
import {
  ConflictError,
  EncodingError,
  SessionGoneError,
  ValueTooLargeError,
  VialError,
} from './errors.js';
import {
  CREATED_AT_FIELD,
  DETAILS_FIELD,
  fieldOf,
  GRACE_DIGEST_FIELD,
  INDEX_SCORE_FIELD,
  keyOf,
  TOKEN_DIGEST_FIELD,
  USER_ID_FIELD,
} from './fields.js';
import type { ResolvedOptions } from './options.js';
import { digestSecret, mintSecret, mintSid } from './token.js';

/**
 * What a session holds by default: string keys to values its codec can
 * encode. Declare your own as a `type` or an `interface`:
 * `new Vial<{ cart: string[]; visits: number }>(...)`.
 */
export type SessionData = Record<string, unknown>;

/** The string keys of a session's data type. */
export type SessionKey<Data extends object> = Extract<keyof Data, string>;

/** How a session came out of storage; built by `Vial.load`. */
export interface LoadedSession {
  readonly sid: string;
  readonly token: string;
  readonly record: StoredRecord;
  readonly createdAt: number;
  readonly now: number;
}

const CREATE_ATTEMPTS = 3;

/** The expiry policy of a session: `userTtl` while bound (when set), `ttl` otherwise; `maxAge` caps both. */
export function policyFor(
  options: ResolvedOptions,
  createdAt: number,
  userId: string | null,
): ExpiryPolicy {
  const idleMs =
    userId !== null && options.userTtlMs !== undefined ? options.userTtlMs : options.ttlMs;
  return { idleMs, deadline: options.maxAgeMs === null ? null : createdAt + options.maxAgeMs };
}

/** What a save writes: fields to set and delete, and the new encodings by data key. */
interface Changes {
  readonly set: ReadonlyMap<string, string>;
  readonly del: readonly string[];
  readonly encoded: ReadonlyMap<string, string>;
}

const NO_CHANGES: Changes = { set: new Map(), del: [], encoded: new Map() };

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
  #sid: string | null = null;
  #token: string | null = null;
  #createdAt: number;
  #lastAccessedAt: number;
  #expiresAt: number | null;
  #revision = 0;
  #gone = false;
  /** Encoded values as storage holds them, by data key. */
  readonly #stored = new Map<string, string>();
  /** Values read or set in this session, by data key. */
  readonly #live = new Map<string, unknown>();
  /** Stored keys deleted locally and not yet saved. */
  readonly #removed = new Set<string>();
  /** The bound user, as this copy wants it, and as storage holds it. */
  #userId: string | null = null;
  #storedUserId: string | null = null;
  #details: Readonly<Record<string, string>> = parseDetails(undefined);
  #detailsChanged = false;
  /** The score of this session in its user's index, `undefined` when not indexed. */
  #indexScore: number | null | undefined = undefined;
  /** Saves, touches and regenerations of one session run one after another. */
  #queue: Promise<unknown> = Promise.resolve();

  /** @internal Use `vial.session()` or `vial.load()`. */
  constructor(options: ResolvedOptions, loaded?: LoadedSession) {
    this.#options = options;
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
    this.#expiresAt = loaded.record.expiresAt;
    this.#revision = loaded.record.revision;
    this.#adoptRecordFields(loaded.record.fields);
  }

  #adoptRecordFields(fields: ReadonlyMap<string, string>): void {
    this.#stored.clear();
    for (const [field, value] of fields) {
      const key = keyOf(field);
      if (key !== null) this.#stored.set(key, value);
    }
    this.#storedUserId = fields.get(USER_ID_FIELD) ?? null;
    this.#userId = this.#storedUserId;
    this.#details = parseDetails(fields.get(DETAILS_FIELD));
    this.#detailsChanged = false;
    this.#indexScore = decodeScore(fields.get(INDEX_SCORE_FIELD));
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
    return this.#userId;
  }

  set userId(userId: string | null) {
    this.#assertUsable('bind a user to');
    this.#userId = checkUserId(userId);
  }

  /** Descriptive details recorded for listings (such as a user agent); never a secret. */
  get details(): Readonly<Record<string, string>> {
    return this.#details;
  }

  /** Records descriptive details shown by `vial.sessionsOf()`, replacing earlier ones; saved with the next save. */
  setDetails(details: Record<string, string>): this {
    this.#assertUsable('set details of');
    this.#details = checkDetails(details);
    this.#detailsChanged = true;
    return this;
  }

  /**
   * Whether the session holds changes not saved yet: keys set, changed (also
   * inside a value that was read) or deleted, a user bound or unbound, or
   * details set. A new session that was given nothing has none.
   */
  hasChanges(): boolean {
    if (this.#gone) return false;
    if (this.#userId !== this.#storedUserId || this.#detailsChanged) return true;
    if (this.#removed.size > 0) return true;
    for (const [key, value] of this.#live) {
      if (this.#stored.get(key) !== this.#encode(key, value)) return true;
    }
    return false;
  }

  /** The value of `key`, or `undefined`. Decodes on first access. */
  get<K extends SessionKey<Data>>(key: K): Data[K] | undefined {
    if (this.#live.has(key)) return this.#live.get(key) as Data[K];
    if (this.#removed.has(key)) return undefined;
    const encoded = this.#stored.get(key);
    if (encoded === undefined) return undefined;
    const value = this.#decode(key, encoded);
    this.#live.set(key, value);
    return value as Data[K];
  }

  /**
   * Sets `key`. Throws an `EncodingError` naming the key, and changes
   * nothing, when the codec cannot store the value.
   */
  set<K extends SessionKey<Data>>(key: K, value: Data[K]): this {
    this.#assertUsable('set a value on');
    this.#encode(key, value);
    this.#live.set(key, value);
    this.#removed.delete(key);
    return this;
  }

  /** Whether `key` has a value. */
  has(key: string): boolean {
    return this.#live.has(key) || (this.#stored.has(key) && !this.#removed.has(key));
  }

  /** Removes `key`; `true` when it had a value. */
  delete(key: SessionKey<Data>): boolean {
    const had = this.has(key);
    this.#live.delete(key);
    if (this.#stored.has(key)) this.#removed.add(key);
    return had;
  }

  /** Removes every key. Metadata (id, expiry, user) is kept. */
  clear(): void {
    for (const key of this.#keyList()) this.delete(key);
  }

  /** How many keys have a value. */
  get size(): number {
    return this.#keyList().length;
  }

  /** The keys that have a value, stored ones first. */
  keys(): IterableIterator<SessionKey<Data>> {
    return this.#keyList()[Symbol.iterator]();
  }

  /** The values, decoding each on first access. */
  *values(): IterableIterator<Data[SessionKey<Data>]> {
    for (const key of this.#keyList()) yield this.get(key) as Data[SessionKey<Data>];
  }

  /** `[key, value]` pairs, decoding each value on first access. */
  *entries(): IterableIterator<[SessionKey<Data>, Data[SessionKey<Data>]]> {
    for (const key of this.#keyList()) yield [key, this.get(key) as Data[SessionKey<Data>]];
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
   * Rejects with `SessionGoneError` (and writes nothing) when the session was
   * destroyed or expired in storage meanwhile; with `EncodingError` naming the
   * key when a value cannot be encoded, before any write.
   */
  save(): Promise<void> {
    return this.#serially(() => this.#write(false, false));
  }

  /**
   * Gives the session a new token (session fixation defence), keeping its
   * data, and saves pending changes in the same round trip. The old token
   * stops working at once, or after `regenerateGrace`.
   */
  regenerate(): Promise<void> {
    return this.#serially(() => this.#write(true, false));
  }

  /** Extends the idle expiry without changing data: one round trip. */
  touch(): Promise<void> {
    return this.#serially(() => this.#write(false, true));
  }

  /**
   * Removes the session from storage. Its `id` becomes `null`; it can no
   * longer be saved. Destroying an unsaved session just discards it.
   */
  destroy(): Promise<void> {
    return this.#serially(async () => {
      const sid = this.#sid;
      const user = this.#storedUserId;
      this.#markGone();
      if (sid === null) return;
      await this.#storage('destroy', () => this.#options.driver.destroy([sid]));
      const index = this.#options.driver.userIndex;
      if (user !== null && index) await this.#storage('destroy', () => index.remove(user, [sid]));
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
      this.#resetLocalChanges();
      if (sid === null) {
        this.#stored.clear();
        return;
      }
      const now = this.#options.clock();
      const record = await this.#storage('reload', () =>
        this.#options.driver.read(sid, { now, touch: false }),
      );
      if (record === null) {
        this.#markGone();
        throw new SessionGoneError('reload the session');
      }
      this.#adoptRecordFields(record.fields);
      this.#revision = record.revision;
      this.#expiresAt = record.expiresAt;
      this.#lastAccessedAt = now;
    });
  }

  #serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #write(regenerate: boolean, touchOnly: boolean): Promise<void> {
    this.#assertUsable(regenerate ? 'regenerate' : touchOnly ? 'touch' : 'save');
    if (this.#sid === null) {
      if (touchOnly) return;
      const changes = this.#collectChanges();
      await this.#create(changes.set);
      this.#commit(changes);
      return;
    }
    const changes = touchOnly ? NO_CHANGES : this.#collectChanges();
    const set = new Map(changes.set);
    const del = [...changes.del];
    const secret = regenerate ? mintSecret() : null;
    if (secret !== null) this.#addRegeneration(secret, set, del);
    const now = this.#options.clock();
    const expiry = this.#policy();
    const sid = this.#sid;
    const rebound = this.#userId !== this.#storedUserId;
    if (rebound) {
      if (this.#userId === null) del.push(USER_ID_FIELD, INDEX_SCORE_FIELD);
      else set.set(USER_ID_FIELD, this.#userId);
    }
    if (this.#detailsChanged) set.set(DETAILS_FIELD, JSON.stringify(this.#details));
    if (set.size === 0 && del.length === 0 && !touchOnly) return;
    const score = await this.#indexBeforeWrite(sid, expiry, now, rebound, set);

    const conditional = this.#options.conflict === 'reject';
    const result = await this.#storage('save', () =>
      this.#options.driver.update(sid, {
        set,
        del,
        expiry,
        now,
        ...(conditional ? { ifRevision: this.#revision } : {}),
      }),
    );
    if (result === 'gone') {
      this.#markGone();
      throw new SessionGoneError(regenerate ? 'regenerate the session' : 'save the session');
    }
    if (result === 'conflict') throw new ConflictError();
    this.#revision += 1;
    this.#lastAccessedAt = now;
    this.#expiresAt = expiresAtOf(expiry, now);
    if (secret !== null) this.#token = `${sid}.${secret}`;
    this.#commit(changes);
    const previousUser = this.#storedUserId;
    this.#commitBinding(score);
    const index = this.#options.driver.userIndex;
    if (rebound && previousUser !== null && index) {
      await this.#storage('save', () => index.remove(previousUser, [sid]));
    }
  }

  /**
   * Adds or re-scores this session in its user's index before the record is
   * written, so that a concurrent `revokeUser` either sees it or makes the
   * write fail as gone. Returns the score written, or `undefined`.
   */
  async #indexBeforeWrite(
    sid: string,
    expiry: ExpiryPolicy,
    now: number,
    rebound: boolean,
    set: Map<string, string>,
  ): Promise<number | null | undefined> {
    const index = this.#options.driver.userIndex;
    const user = this.#userId;
    if (user === null || !index) return undefined;
    if (!rebound && indexCovers(this.#indexScore, expiresAtOf(expiry, now)))
      return this.#indexScore;
    const score = indexScoreAt(expiry, now);
    await this.#storage('save', () => index.add(user, sid, score, now));
    set.set(INDEX_SCORE_FIELD, encodeScore(score));
    return score;
  }

  #commitBinding(score: number | null | undefined): void {
    this.#storedUserId = this.#userId;
    this.#indexScore = this.#userId === null ? undefined : score;
    this.#detailsChanged = false;
  }

  async #create(dataFields: ReadonlyMap<string, string>): Promise<void> {
    const secret = mintSecret();
    const fields = new Map(dataFields);
    fields.set(TOKEN_DIGEST_FIELD, digestSecret(secret));
    fields.set(CREATED_AT_FIELD, String(this.#createdAt));
    if (this.#userId !== null) fields.set(USER_ID_FIELD, this.#userId);
    if (this.#detailsChanged) fields.set(DETAILS_FIELD, JSON.stringify(this.#details));
    const now = this.#options.clock();
    const expiry = this.#policy();
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      const sid = mintSid();
      const score = await this.#indexBeforeWrite(sid, expiry, now, true, fields);
      const created = await this.#storage('save', () =>
        this.#options.driver.create(sid, { fields, expiry, now }),
      );
      if (created) {
        this.#sid = sid;
        this.#token = `${sid}.${secret}`;
        this.#revision = 1;
        this.#lastAccessedAt = now;
        this.#expiresAt = expiresAtOf(expiry, now);
        this.#commitBinding(score);
        return;
      }
    }
    throw new VialError(
      'VIAL_SID_COLLISION',
      `The ${this.#options.driver.name} driver reported ${CREATE_ATTEMPTS} random session ids in a row as taken. Its create() must answer true when it stores a new record; check the driver.`,
    );
  }

  /** Adds the metadata writes of a regeneration to a pending update. */
  #addRegeneration(secret: string, set: Map<string, string>, del: string[]): void {
    set.set(TOKEN_DIGEST_FIELD, digestSecret(secret));
    const grace = this.#options.regenerateGraceMs;
    const oldSecret = this.#token?.slice(this.#token.indexOf('.') + 1);
    if (grace !== null && oldSecret !== undefined) {
      const until = this.#options.clock() + grace;
      set.set(GRACE_DIGEST_FIELD, `${digestSecret(oldSecret)} ${until}`);
    } else {
      del.push(GRACE_DIGEST_FIELD);
    }
  }

  #collectChanges(): Changes {
    const set = new Map<string, string>();
    const encoded = new Map<string, string>();
    for (const [key, value] of this.#live) {
      const text = this.#encode(key, value);
      if (this.#stored.get(key) !== text) {
        set.set(fieldOf(key), text);
        encoded.set(key, text);
      }
    }
    const del: string[] = [];
    for (const key of this.#removed) del.push(fieldOf(key));
    return { set, del, encoded };
  }

  #commit(changes: Changes): void {
    for (const [key, text] of changes.encoded) this.#stored.set(key, text);
    for (const field of changes.del) this.#stored.delete(keyOf(field) as string);
    for (const field of changes.del) this.#removed.delete(keyOf(field) as string);
  }

  #resetLocalChanges(): void {
    this.#live.clear();
    this.#removed.clear();
  }

  #markGone(): void {
    this.#gone = true;
    this.#sid = null;
    this.#token = null;
    this.#stored.clear();
    this.#resetLocalChanges();
    this.#userId = null;
    this.#storedUserId = null;
    this.#indexScore = undefined;
  }

  #policy(): ExpiryPolicy {
    return policyFor(this.#options, this.#createdAt, this.#userId);
  }

  #keyList(): SessionKey<Data>[] {
    const keys: string[] = [];
    for (const key of this.#stored.keys()) if (!this.#removed.has(key)) keys.push(key);
    for (const key of this.#live.keys()) if (!this.#stored.has(key)) keys.push(key);
    return keys as SessionKey<Data>[];
  }

  #encode(key: string, value: unknown): string {
    let text: string;
    try {
      text = this.#options.codec.encode(value);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new EncodingError(
        key,
        `The value of session key ${JSON.stringify(key)} cannot be stored: the ${this.#options.codec.name} codec refused it (${reason}). Nothing was written.`,
        error,
      );
    }
    if (typeof text !== 'string') {
      throw new EncodingError(
        key,
        `The value of session key ${JSON.stringify(key)} cannot be stored: the ${this.#options.codec.name} codec returned ${typeof text}, not a string. Nothing was written.`,
      );
    }
    const limit = this.#options.maxValueBytes;
    // UTF-8 needs at most 3 bytes per UTF-16 unit: only measure when the cap could be near.
    if (text.length * 3 > limit) {
      const bytes = Buffer.byteLength(text);
      if (bytes > limit) throw new ValueTooLargeError(key, bytes, limit);
    }
    return text;
  }

  #decode(key: string, text: string): unknown {
    try {
      return this.#options.codec.decode(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new EncodingError(
        key,
        `The stored value of session key ${JSON.stringify(key)} cannot be decoded by the ${this.#options.codec.name} codec (${reason}). Was it written with another codec?`,
        error,
      );
    }
  }

  #assertUsable(action: string): void {
    if (this.#gone) {
      throw new SessionGoneError(`${action} a destroyed session`);
    }
  }

  #storage<T>(operation: string, call: () => Promise<T>): Promise<T> {
    return callDriver(this.#options.driver, operation, call);
  }
}
