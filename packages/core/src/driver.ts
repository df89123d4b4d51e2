/**
 * The contract between `@vial/core` and a storage driver.
 *
 * A driver stores **records**: a flat map of field name to string, with an
 * expiry time. Core encodes values, chooses field names, computes every
 * expiry, verifies tokens and decides what to write; a driver only moves
 * strings, atomically. Every required operation is one round trip on a
 * networked store.
 *
 * Run `@vial/driver-test-suite` against your driver: it checks every clause
 * of this contract and names the one a failing driver breaks.
 *
 * Times are milliseconds since the Unix epoch, by core's clock (`now`).
 */

/** What {@link Driver.read} returns for a live record. */
export interface StoredRecord {
  /** Every field of the record. */
  readonly fields: ReadonlyMap<string, string>;
  /** When the record expires (epoch milliseconds), or `null` for never. */
  readonly expiresAt: number | null;
  /**
   * The record's revision: `1` after create, plus exactly `1` on every
   * successful update (reads and touches leave it alone). Core passes it back
   * as {@link RecordDelta.ifRevision} when the driver declares
   * `conditionalUpdate`. Drivers without that capability may return `0`.
   */
  readonly revision: number;
  /**
   * Anything the driver wants handed back with an update based on this read
   * (see {@link RecordDelta.basis}); core never looks inside. Optional.
   */
  readonly basis?: unknown;
}

/** Options of {@link Driver.read}. */
export interface ReadOptions {
  /** The current time (epoch milliseconds) as core's clock sees it. */
  readonly now: number;
}

/** A record to create with {@link Driver.create}. */
export interface NewRecord {
  readonly fields: ReadonlyMap<string, string>;
  /** When the record expires (epoch milliseconds), or `null` for never. */
  readonly expiresAt: number | null;
  /** The current time (epoch milliseconds) as core's clock sees it. */
  readonly now: number;
  /**
   * An object core hands back as {@link RecordDelta.basis} with the later
   * writes of this record through the session that created it, which has no
   * read's basis: a driver may key what it knows of the new record by it
   * (in a `WeakMap`). Optional to use.
   */
  readonly basis?: object;
}

/** A change to an existing record, applied atomically by {@link Driver.update}. */
export interface RecordDelta {
  /** Fields to write (added or replaced). */
  readonly set: ReadonlyMap<string, string>;
  /** Fields to remove. A name never appears in both `set` and `del`. */
  readonly del: readonly string[];
  /**
   * The record's new expiry (epoch milliseconds, `null` for never), or
   * `undefined` to keep the one it has.
   */
  readonly expiresAt?: number | null;
  /** The current time (epoch milliseconds) as core's clock sees it. */
  readonly now: number;
  /**
   * Apply only if the record's revision still equals this value; otherwise
   * change nothing and answer `'conflict'`. Only passed to drivers that
   * declare `conditionalUpdate`.
   */
  readonly ifRevision?: number;
  /**
   * The `basis` of the latest read of this session, when the driver gave
   * one; core hands the same object to every later write of that session
   * (a driver may update it in place after a write). A driver may use it to
   * rewrite the record compactly, but must still apply the update on top of
   * whatever other writers changed since that read: the basis may be stale.
   */
  readonly basis?: unknown;
  /**
   * The most bytes the record may hold after this update: the UTF-8 length
   * of every field's name and value, added up. A driver that declares
   * `recordLimit` refuses an update that makes the record larger and would
   * leave it over this size with `'tooLarge'`, writing nothing, judged in
   * the same atomic step as the write, so that concurrent updates cannot
   * pass it together. An update that makes the record smaller (deletes,
   * shorter values) is never refused, so an oversized record can always be
   * mended. Core passes `maxRecordBytes`.
   */
  readonly maxBytes?: number;
}

/** A change of expiry only, applied by {@link Driver.touch}. */
export interface Touch {
  /** The record's new expiry (epoch milliseconds), or `null` for never. */
  readonly expiresAt: number | null;
  /** The current time (epoch milliseconds) as core's clock sees it. */
  readonly now: number;
  /** As {@link RecordDelta.basis}: the read this touch follows, when nothing was written since. */
  readonly basis?: unknown;
}

/**
 * The outcome of {@link Driver.update}.
 * - `ok`: applied.
 * - `gone`: the record does not exist (never created, destroyed or expired);
 *   nothing was written and the record was **not** recreated.
 * - `conflict`: `ifRevision` did not match; nothing was written.
 * - `tooLarge`: the record would exceed `maxBytes` (drivers that declare
 *   `recordLimit`); nothing was written.
 */
export type UpdateResult = 'ok' | 'gone' | 'conflict' | 'tooLarge';

/** One entry of a user's session index. */
export interface UserIndexEntry {
  readonly sid: string;
  /** When the indexed session expires (epoch milliseconds), or `null` for never. */
  readonly expiresAt: number | null;
}

/**
 * Optional: an index of session ids per user id. Entries carry the session's
 * expiry so that the index prunes itself: it must never grow without bound
 * and must not need keyspace notifications.
 */
export interface UserIndex {
  /**
   * Add `sid` to `userId`'s index, or update its expiry if present. Entries
   * of that user expired at `now` are removed in the same step, so an index
   * that is only ever added to still stays bounded by its live sessions.
   */
  add(userId: string, sid: string, expiresAt: number | null, now: number): Promise<void>;
  /**
   * The live entries of `userId`'s index; entries whose `expiresAt` is at or
   * before `now` are removed from the index in the same step and not returned.
   */
  list(userId: string, now: number): Promise<UserIndexEntry[]>;
  /** Remove these sids from `userId`'s index. Absent ones are ignored. */
  remove(userId: string, sids: readonly string[]): Promise<void>;
}

/** What a driver can do that its members alone do not say. */
export interface DriverCapabilities {
  /** {@link Driver.update} honours {@link RecordDelta.ifRevision}. */
  readonly conditionalUpdate?: boolean;
  /**
   * {@link Driver.update} honours {@link RecordDelta.maxBytes} in the same
   * atomic step as the write. Without it, core checks each save against its
   * own read only, which concurrent saves can pass together.
   */
  readonly recordLimit?: boolean;
}

/**
 * A storage driver. Required operations must each be atomic; on a networked
 * store each is one round trip. On Redis Cluster no operation may touch keys
 * of two hash slots.
 *
 * **No write on read.** `read` never changes storage: core verifies the
 * token's secret first and only then writes (`touch`, `update`), so a forged
 * token costs one read and changes nothing.
 *
 * **Errors.** Let the storage client's errors propagate: core turns any error
 * that is not a `VialError` into a `StorageUnavailableError` whose `cause` is
 * yours. Throw `CorruptRecordError` from `read` when what is stored under a
 * sid cannot be a record (unparseable, wrong type): core then treats the
 * session as absent instead of reporting an outage.
 */
export interface Driver {
  /** A short name for messages, such as `'memory'` or `'ioredis'`. */
  readonly name: string;
  /** Capabilities that presence alone cannot declare. Absent: none. */
  readonly capabilities?: DriverCapabilities;

  /** Read the record `sid`, or `null` when it is absent or expired at `now`. Writes nothing. */
  read(sid: string, options: ReadOptions): Promise<StoredRecord | null>;

  /**
   * Create the record `sid` only if no live record has that sid (collision
   * guard). Resolves `true` when created, `false` when the sid was taken
   * (and leaves the existing record untouched).
   */
  create(sid: string, record: NewRecord): Promise<boolean>;

  /**
   * Apply `delta` to the live record `sid`, atomically: either every field
   * is set and deleted and the expiry applied, or nothing changes. Must never
   * recreate a record that is absent, destroyed or expired: answer `'gone'`.
   */
  update(sid: string, delta: RecordDelta): Promise<UpdateResult>;

  /**
   * Set the expiry of the live record `sid`, leaving its fields and revision
   * alone. Resolves `false`, and recreates nothing, when it is absent or expired.
   */
  touch(sid: string, touch: Touch): Promise<boolean>;

  /** Remove these records; resolves how many live ones there were. Absent ones are ignored. */
  destroy(sids: readonly string[]): Promise<number>;

  /** Optional: the per-user session index (`vial.sessionsOf`, `vial.revokeUser`). */
  readonly userIndex?: UserIndex;

  /**
   * The driver's clock (epoch milliseconds), when it has an injectable one.
   * Core uses it for every `now` it passes, unless `new Vial({ clock })` is
   * given, so that one fake clock drives both in tests.
   */
  now?(): number;

  /** Optional: every live sid, each once, in any order. */
  sids?(): AsyncIterable<string>;

  /**
   * Release what the driver itself opened (timers, connections it created).
   * Never closes a client the user passed in. Operations already in flight
   * finish; any call made after `close()` rejects with a `VialError` saying
   * the driver is closed.
   */
  close?(): Promise<void>;
}
