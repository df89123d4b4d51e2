import type { Database, Statement } from 'better-sqlite3';

/** A stored record's row, without its fields. Times in epoch milliseconds. */
export interface RecordRow {
  readonly expires_at: unknown;
  readonly revision: unknown;
}

/** The prepared statements of one table prefix. */
export interface Statements {
  readonly selectRecord: Statement<[string], RecordRow>;
  readonly selectFields: Statement<[string], [string, unknown]>;
  readonly recordBytes: Statement<[string], number>;
  readonly insertRecord: Statement<[string, number | null]>;
  readonly bumpRecord: Statement<[string]>;
  readonly setExpiry: Statement<[number | null, string]>;
  readonly deleteRecord: Statement<[string]>;
  readonly upsertField: Statement<[string, string, string]>;
  readonly deleteField: Statement<[string, string]>;
  readonly deleteFields: Statement<[string]>;
  readonly liveSids: Statement<[number], string>;
  readonly expiredSids: Statement<[number], string>;
  readonly upsertUser: Statement<[string, string, number | null]>;
  readonly pruneUser: Statement<[string, number]>;
  readonly listUser: Statement<[string], { sid: string; expires_at: number | null }>;
  readonly removeUser: Statement<[string, string]>;
}

/**
 * Creates the tables if missing and prepares every statement once.
 *
 * Fields live one per row, so a delta touches only its own rows: the
 * relational twin of a Redis hash. Values are TEXT bound from JS strings,
 * which SQLite stores byte for byte (number-like strings stay strings, and
 * \u0000 survives because better-sqlite3 passes lengths, not C strings).
 * Tables of the first version of this example, with two more columns
 * (`idle_ms`, `deadline`), keep working: the columns are left unused.
 */
export function prepare(db: Database, prefix: string): Statements {
  const records = `${prefix}_records`;
  const fields = `${prefix}_fields`;
  const users = `${prefix}_users`;
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${records} (
      sid TEXT PRIMARY KEY,
      expires_at INTEGER,
      revision INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS ${records}_expires ON ${records} (expires_at);
    CREATE TABLE IF NOT EXISTS ${fields} (
      sid TEXT NOT NULL,
      name TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (sid, name)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS ${users} (
      user_id TEXT NOT NULL,
      sid TEXT NOT NULL,
      expires_at INTEGER,
      PRIMARY KEY (user_id, sid)
    ) WITHOUT ROWID;
  `);
  return {
    selectRecord: db.prepare(`SELECT expires_at, revision FROM ${records} WHERE sid = ?`),
    selectFields: db
      .prepare<[string], [string, unknown]>(`SELECT name, value FROM ${fields} WHERE sid = ?`)
      .raw(),
    // UTF-8 bytes of every name and value: what RecordDelta.maxBytes limits.
    recordBytes: db
      .prepare<[string], number>(
        `SELECT COALESCE(SUM(length(CAST(name AS BLOB)) + length(CAST(value AS BLOB))), 0) FROM ${fields} WHERE sid = ?`,
      )
      .pluck(),
    insertRecord: db.prepare(`INSERT INTO ${records} (sid, expires_at, revision) VALUES (?, ?, 1)`),
    bumpRecord: db.prepare(`UPDATE ${records} SET revision = revision + 1 WHERE sid = ?`),
    setExpiry: db.prepare(`UPDATE ${records} SET expires_at = ? WHERE sid = ?`),
    deleteRecord: db.prepare(`DELETE FROM ${records} WHERE sid = ?`),
    upsertField: db.prepare(
      `INSERT INTO ${fields} (sid, name, value) VALUES (?, ?, ?) ON CONFLICT (sid, name) DO UPDATE SET value = excluded.value`,
    ),
    deleteField: db.prepare(`DELETE FROM ${fields} WHERE sid = ? AND name = ?`),
    deleteFields: db.prepare(`DELETE FROM ${fields} WHERE sid = ?`),
    liveSids: db
      .prepare<[number], string>(
        `SELECT sid FROM ${records} WHERE expires_at IS NULL OR expires_at > ?`,
      )
      .pluck(),
    expiredSids: db
      .prepare<[number], string>(`SELECT sid FROM ${records} WHERE expires_at <= ?`)
      .pluck(),
    upsertUser: db.prepare(
      `INSERT INTO ${users} (user_id, sid, expires_at) VALUES (?, ?, ?) ON CONFLICT (user_id, sid) DO UPDATE SET expires_at = excluded.expires_at`,
    ),
    pruneUser: db.prepare(`DELETE FROM ${users} WHERE user_id = ? AND expires_at <= ?`),
    listUser: db.prepare(`SELECT sid, expires_at FROM ${users} WHERE user_id = ?`),
    removeUser: db.prepare(`DELETE FROM ${users} WHERE user_id = ? AND sid = ?`),
  };
}
