import {
  CorruptRecordError,
  type Driver,
  DriverClosedError,
  type NewRecord,
  type RecordDelta,
  type StoredRecord,
  type Touch,
  type UpdateResult,
  type UserIndex,
} from '@vial/core';
import type { Database } from 'better-sqlite3';
import { resolveOptions, type SqliteDriverOptions } from './options.js';
import { prepare } from './schema.js';

/** A vial driver over SQLite, plus a way to free the rows of expired records. */
export interface SqliteDriver extends Driver {
  /**
   * Deletes every record that expired at or before `now` (epoch ms, default:
   * the driver's clock) and returns how many. Expired records already read as
   * absent; this only frees their rows. Call it from a timer if you like.
   */
  reclaim(now?: number): number;
  readonly userIndex: UserIndex;
  close(): Promise<void>;
}

/** Thrown inside an update's transaction to roll it back when the record would pass `maxBytes`. */
const TOO_LARGE = Symbol('tooLarge');

function refusedAsTooLarge(update: () => UpdateResult): UpdateResult {
  try {
    return update();
  } catch (error) {
    if (error === TOO_LARGE) return 'tooLarge';
    throw error;
  }
}

/** A row's expiry and revision, checked: a row that holds anything else is not a record. */
function checked(row: { expires_at: unknown; revision: unknown }) {
  const { expires_at: expiresAt, revision } = row;
  if (!(expiresAt === null || Number.isSafeInteger(expiresAt)) || !Number.isSafeInteger(revision)) {
    throw new CorruptRecordError('its row holds no expiry and revision');
  }
  return { expiresAt: expiresAt as number | null, revision: revision as number };
}

/**
 * A vial driver that stores sessions in SQLite through a `better-sqlite3`
 * database you open and close yourself.
 *
 * Each operation is one SQLite transaction. better-sqlite3 runs it
 * synchronously, so nothing else in this process can interleave, and the
 * transaction keeps other processes sharing the file out too: every
 * operation is atomic, as the contract asks. SQLite's errors propagate for
 * core to report as `StorageUnavailableError`.
 */
export function sqliteDriver(db: Database, options?: SqliteDriverOptions): SqliteDriver {
  const { tablePrefix, clock } = resolveOptions(options);
  const sql = prepare(db, tablePrefix);
  let closed = false;

  const drop = (sid: string): void => {
    sql.deleteFields.run(sid);
    sql.deleteRecord.run(sid);
  };

  /** Whether `sid` has a live record at `now`; an expired one is deleted on the way. */
  const live = (sid: string, now: number): boolean => {
    const row = sql.selectRecord.get(sid);
    if (row === undefined) return false;
    const { expiresAt } = checked(row);
    if (expiresAt !== null && expiresAt <= now) {
      drop(sid);
      return false;
    }
    return true;
  };

  // Reads only: an expired row is left for a later write or reclaim() to delete.
  const read = db.transaction((sid: string, now: number): StoredRecord | null => {
    const row = sql.selectRecord.get(sid);
    if (row === undefined) return null;
    const { expiresAt, revision } = checked(row);
    if (expiresAt !== null && expiresAt <= now) return null;
    const fields = new Map<string, string>();
    for (const [name, value] of sql.selectFields.all(sid)) {
      if (typeof value !== 'string') throw new CorruptRecordError(`its field ${name} is not text`);
      fields.set(name, value);
    }
    return { fields, expiresAt, revision };
  });

  const create = db.transaction((sid: string, record: NewRecord): boolean => {
    if (live(sid, record.now)) return false;
    sql.insertRecord.run(sid, record.expiresAt);
    for (const [name, value] of record.fields) sql.upsertField.run(sid, name, value);
    return true;
  });

  const update = db.transaction((sid: string, delta: RecordDelta): UpdateResult => {
    // Never an upsert: a destroyed or expired record stays gone.
    if (!live(sid, delta.now)) return 'gone';
    const { revision } = checked(
      sql.selectRecord.get(sid) as { expires_at: unknown; revision: unknown },
    );
    if (delta.ifRevision !== undefined && delta.ifRevision !== revision) return 'conflict';
    const before = delta.maxBytes === undefined ? 0 : sql.recordBytes.get(sid);
    for (const name of delta.del) sql.deleteField.run(sid, name);
    for (const [name, value] of delta.set) sql.upsertField.run(sid, name, value);
    if (delta.maxBytes !== undefined) {
      const after = sql.recordBytes.get(sid) ?? 0;
      // Throwing rolls the transaction back: the refused update leaves no trace.
      if (after > delta.maxBytes && after > (before ?? 0)) throw TOO_LARGE;
    }
    if (delta.expiresAt !== undefined) sql.setExpiry.run(delta.expiresAt, sid);
    sql.bumpRecord.run(sid);
    return 'ok';
  });

  const touch = db.transaction((sid: string, { expiresAt, now }: Touch): boolean => {
    if (!live(sid, now)) return false;
    sql.setExpiry.run(expiresAt, sid);
    return true;
  });

  const destroy = db.transaction((sids: readonly string[], now: number): number => {
    let removed = 0;
    for (const sid of sids) {
      if (live(sid, now)) removed += 1;
      drop(sid);
    }
    return removed;
  });

  const reclaim = db.transaction((now: number): number => {
    const expired = sql.expiredSids.all(now);
    for (const sid of expired) drop(sid);
    return expired.length;
  });

  // Pruning on every add as well as on list keeps the index bounded for users
  // who sign in often but never list their sessions.
  const addUser = db.transaction(
    (userId: string, sid: string, expiresAt: number | null, now: number) => {
      sql.pruneUser.run(userId, now);
      sql.upsertUser.run(userId, sid, expiresAt);
    },
  );

  const listUser = db.transaction((userId: string, now: number) => {
    sql.pruneUser.run(userId, now);
    return sql.listUser.all(userId).map((row) => ({ sid: row.sid, expiresAt: row.expires_at }));
  });

  const removeUser = db.transaction((userId: string, sids: readonly string[]): void => {
    for (const sid of sids) sql.removeUser.run(userId, sid);
  });

  /** Runs one operation, refused once the driver is closed. Each is synchronous: none is ever left in flight. */
  const run = async <T>(operation: string, work: () => T): Promise<T> => {
    if (closed) throw new DriverClosedError('sqlite', operation);
    return work();
  };

  return {
    name: 'sqlite',
    capabilities: { conditionalUpdate: true, recordLimit: true },
    read: (sid, { now }) => run('read', () => read(sid, now)),
    create: (sid, record) => run('create', () => create(sid, record)),
    update: (sid, delta) => run('update', () => refusedAsTooLarge(() => update(sid, delta))),
    touch: (sid, t) => run('touch', () => touch(sid, t)),
    destroy: (sids) => run('destroy', () => destroy(sids, clock())),
    userIndex: {
      add: (userId, sid, expiresAt, now) =>
        run('userIndex.add', () => addUser(userId, sid, expiresAt, now)),
      list: (userId, now) => run('userIndex.list', () => listUser(userId, now)),
      remove: (userId, sids) => run('userIndex.remove', () => removeUser(userId, sids)),
    },
    now: () => clock(),
    async *sids() {
      // Read the list first: the caller may destroy records while iterating.
      yield* await run('sids', () => sql.liveSids.all(clock()));
    },
    reclaim: (now = clock()) => reclaim(now),
    // The database is yours: close() only stops this driver from using it.
    async close() {
      closed = true;
    },
  };
}
