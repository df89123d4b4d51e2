/**
 * The contract between `@vial/core` and a storage driver.
 *
 * A driver stores **records**: a flat map of field name to string, with an
 * expiry. Core encodes values, chooses field names, computes expiry policies
 * and decides what to write; a driver only moves strings, atomically. Every
 * required operation is one round trip on a networked store.
 *
 * Run `@vial/driver-test-suite` against your driver: it checks every clause
 * below and names the one a failing driver breaks.
 *
 * Times are milliseconds since the Unix epoch; durations are milliseconds.
 */

/**
 * How long a record lives. The record expires at
 * `min(now + idleMs, deadline)`, where `null` means "no limit" on that side;
 * both `null` means the record never expires.
 *
 * A driver keeps the policy with the record, because a read with
 * `touch: true` must slide the expiry again (`now + idleMs`, still capped by
 * `deadline`) without core knowing the policy before it has read the record.
 */
export interface ExpiryPolicy {
  /** Sliding idle window in milliseconds, or `null` for no idle timeout. */
  readonly idleMs: number | null;
  /** Absolute expiry time (epoch milliseconds), or `null` for none. Never extended. */
  readonly deadline: number | null;
}

/** What {@link Driver.read} returns for a live record. */
export interface StoredRecord {
  /** Every field of the record. */
  readonly fields: ReadonlyMap<string, string>;
  /** When the record expires (epoch milliseconds) after this read, or `null` for never. */
  readonly expiresAt: number | null;
  /**
   * The record's revision: `1` after create, plus exactly `1` on every
   * successful update (a read, even with `touch`, leaves it alone). Core
   * passes it back as {@link RecordDelta.ifRevision} when the driver declares
   * `conditionalUpdate`, and counts on the `+1` to know the revision its own
   * save produced. Drivers without that capability may return `0`.
   */
  readonly revision: number;
}

/** Options of {@link Driver.read}. */
export interface ReadOptions {
  /** The current time (epoch milliseconds) as core's clock sees it. */
  readonly now: number;
  /**
   * Slide the record's expiry to `min(now + idleMs, deadline)` of its stored
   * policy, in the same atomic step as the read.
   */
  readonly touch: boolean;
}

/** A record to create with {@link Driver.create}. */
export interface NewRecord {
  readonly fields: ReadonlyMap<string, string>;
  readonly expiry: ExpiryPolicy;
  /** The current time (epoch milliseconds) as core's clock sees it. */
  readonly now: number;
}

/** A change to an existing record, applied atomically by {@link Driver.update}. */
export interface RecordDelta {
  /** Fields to write (added or replaced). */
  readonly set: ReadonlyMap<string, string>;
  /** Fields to remove. A name never appears in both `set` and `del`. */
  readonly del: readonly string[];
  /** The record's new expiry policy, applied from `now`. */
  readonly expiry: ExpiryPolicy;
  /** The current time (epoch milliseconds) as core's clock sees it. */
  readonly now: number;
  /**
   * Apply only if the record's revision still equals this value; otherwise
   * change nothing and answer `'conflict'`. Only passed to drivers that
   * declare `conditionalUpdate`.
   */
  readonly ifRevision?: number;
}

/**
 * The outcome of {@link Driver.update}.
 * - `ok`: applied.
 * - `gone`: the record does not exist (never created, destroyed or expired);
 *   nothing was written and the record was **not** recreated.
 * - `conflict`: `ifRevision` did not match; nothing was written.
 */
export type UpdateResult = 'ok' | 'gone' | 'conflict';

/** One entry of a user's session index. */
export interface UserIndexEntry {
  readonly sid: string;
  /** When the indexed session expires (epoch milliseconds), or `null` for never. */
  readonly expiresAt: number | null;
}

/**
 * Optional: an index of session ids per user id. Entries carry the session's
 * expiry so that listing can prune expired members itself: the index must
 * never grow without bound and must not need keyspace notifications.
 */
export interface UserIndex {
  /** Add `sid` to `userId`'s index, or update its expiry if present. */
  add(userId: string, sid: string, expiresAt: number | null, now: number): Promise<void>;
  /**
   * The live entries of `userId`'s index; entries whose `expiresAt` is at or
   * before `now` are removed from the index in the same step and not returned.
   */
  list(userId: string, now: number): Promise<UserIndexEntry[]>;
  /** Remove these sids from `userId`'s index. Absent ones are ignored. */
  remove(userId: string, sids: readonly string[]): Promise<void>;
}

/** What a driver can do beyond the required operations. */
export interface DriverCapabilities {
  /** The driver has {@link Driver.userIndex}. */
  readonly userIndex: boolean;
  /** The driver has {@link Driver.sids}. */
  readonly iterate: boolean;
  /** {@link Driver.update} honours {@link RecordDelta.ifRevision}. */
  readonly conditionalUpdate: boolean;
}

/**
 * A storage driver. Required operations must each be atomic; on a networked
 * store each is one round trip. On Redis Cluster no operation may touch keys
 * of two hash slots.
 */
export interface Driver {
  /** A short name for messages, such as `'memory'` or `'ioredis'`. */
  readonly name: string;
  readonly capabilities: DriverCapabilities;

  /**
   * Read the record `sid`, or `null` when it is absent or expired. With
   * `touch`, slide its expiry in the same atomic step.
   */
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

  /** Remove these records. Absent ones are ignored. */
  destroy(sids: readonly string[]): Promise<void>;

  /** Present when `capabilities.userIndex`. */
  readonly userIndex?: UserIndex;

  /**
   * The driver's clock (epoch milliseconds), when it has an injectable one.
   * Core uses it for every `now` it passes, unless `new Vial({ clock })` is
   * given, so that one fake clock drives both in tests.
   */
  now?(): number;

  /** Present when `capabilities.iterate`: every live sid, each once, in any order. */
  sids?(): AsyncIterable<string>;

  /**
   * Release what the driver itself opened (timers, connections it created).
   * Never closes a client the user passed in.
   */
  close?(): Promise<void>;
}

/** Computes the expiry time of a policy applied at `now`, or `null` for never. */
export function expiresAtOf(policy: ExpiryPolicy, now: number): number | null {
  const idle = policy.idleMs === null ? null : now + policy.idleMs;
  if (idle === null) return policy.deadline;
  if (policy.deadline === null) return idle;
  return Math.min(idle, policy.deadline);
}
