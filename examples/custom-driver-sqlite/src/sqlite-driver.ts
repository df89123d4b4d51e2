import {
  type Driver,
  type ExpiryPolicy,
  expiresAtOf,
  type NewRecord,
  type ReadOptions,
  type RecordDelta,
  type StoredRecord,
  type UpdateResult,
  type UserIndex,
} from '@vial/core';
import type { Database } from 'better-sqlite3';
import { resolveOptions, type SqliteDriverOptions } from './options.js';
import { prepare, type RecordRow } from './schema.js';

/** A vial driver over SQLite, plus a way to free the rows of expired records. */
export interface SqliteDriver extends Driver {
  /**
   * Deletes every record that expired at or before `now` (epoch ms, default:
   * the driver's clock) and returns how many. Expired records already read as
   * absent; this only frees their rows. Call it from a timer if you like.
   */
  reclaim(now?: number): number;
}

/**
 * A vial driver that stores sessions in SQLite through a `better-sqlite3`
 * database you open and close yourself.
 *
 * Each operation is one SQLite transaction. better-sqlite3 runs it
 * synchronously, so nothing else in this process can interleave, and the
 * transaction keeps other processes sharing the file out too: every required
 * operation is atomic, as the contract asks.
 */
export function sqliteDriver(db: Database, options?: SqliteDriverOptions): SqliteDriver {
  const { tablePrefix, clock } = resolveOptions(options);
  const sql = prepare(db, tablePrefix);

  const drop = (sid: string): void => {
    sql.deleteFields.run(sid);
    sql.deleteRecord.run(sid);
  };

  /** The row of `sid` if it is live at `now`; an expired one is deleted on the way. */
  const live = (sid: string, now: number): RecordRow | undefined => {
    const row = sql.selectRecord.get(sid);
    if (row === undefined) return undefined;
    if (row.expires_at !== null && row.expires_at <= now) {
      drop(sid);
      return undefined;
    }
    return row;
  };

  const policyOf = (row: RecordRow): ExpiryPolicy => ({
    idleMs: row.idle_ms,
    deadline: row.deadline,
  });

  const read = db.transaction((sid: string, { now, touch }: ReadOptions): StoredRecord | null => {
    const row = live(sid, now);
    if (row === undefined) return null;
    let expiresAt = row.expires_at;
    if (touch) {
      expiresAt = expiresAtOf(policyOf(row), now);
      sql.touchRecord.run(expiresAt, sid);
    }
    return { fields: new Map(sql.selectFields.all(sid)), expiresAt, revision: row.revision };
  });

  const create = db.transaction((sid: string, record: NewRecord): boolean => {
    if (live(sid, record.now) !== undefined) return false;
    const { idleMs, deadline } = record.expiry;
    const expiresAt = expiresAtOf(record.expiry, record.now);
    sql.insertRecord.run(sid, idleMs, deadline, expiresAt, 1);
    for (const [name, value] of record.fields) sql.upsertField.run(sid, name, value);
    return true;
  });

  const update = db.transaction((sid: string, delta: RecordDelta): UpdateResult => {
    const row = live(sid, delta.now);
    // Never an upsert: a destroyed or expired record stays gone.
    if (row === undefined) return 'gone';
    if (delta.ifRevision !== undefined && delta.ifRevision !== row.revision) return 'conflict';
    for (const name of delta.del) sql.deleteField.run(sid, name);
    for (const [name, value] of delta.set) sql.upsertField.run(sid, name, value);
    const { idleMs, deadline } = delta.expiry;
    const expiresAt = expiresAtOf(delta.expiry, delta.now);
    sql.updateRecord.run(idleMs, deadline, expiresAt, row.revision + 1, sid);
    return 'ok';
  });

  const destroy = db.transaction((sids: readonly string[]): void => {
    for (const sid of sids) drop(sid);
  });

  const reclaim = db.transaction((now: number): number => {
    const expired = sql.expiredSids.all(now);
    for (const sid of expired) drop(sid);
    return expired.length;
  });

  const userIndex: UserIndex = {
    async add(userId, sid, expiresAt, now) {
      addUser(userId, sid, expiresAt, now);
    },
    async list(userId, now) {
      return listUser(userId, now);
    },
    async remove(userId, sids) {
      removeUser(userId, sids);
    },
  };

  // Pruning on every add as well as on list keeps the index bounded for users
  // who log in often but never list their sessions.
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

  return {
    name: 'sqlite',
    capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
    async read(sid, options) {
      return read(sid, options);
    },
    async create(sid, record) {
      return create(sid, record);
    },
    async update(sid, delta) {
      return update(sid, delta);
    },
    async destroy(sids) {
      destroy(sids);
    },
    userIndex,
    now: () => clock(),
    async *sids() {
      // Read the list first: the caller may destroy records while iterating.
      yield* sql.liveSids.all(clock());
    },
    reclaim: (now = clock()) => reclaim(now),
  };
}
