import { InvalidOptionError } from '@vial/core';
import { describe, expect, it } from 'vitest';
import { sqliteDriver } from '../src/index.js';
import { openDatabase } from './open-database.js';

describe('sqliteDriver options', () => {
  it('rejects a table prefix that is not a plain SQL identifier, naming the option, and creates no table', () => {
    const db = openDatabase();
    try {
      expect(() => sqliteDriver(db, { tablePrefix: 'x; DROP TABLE y' })).toThrow(
        InvalidOptionError,
      );
      expect(() => sqliteDriver(db, { tablePrefix: 'x; DROP TABLE y' })).toThrow(/tablePrefix/);
      expect(db.prepare('SELECT count(*) FROM sqlite_master').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('keeps stores with different table prefixes in one database apart', async () => {
    const db = openDatabase();
    try {
      const a = sqliteDriver(db, { tablePrefix: 'app_a' });
      const b = sqliteDriver(db, { tablePrefix: 'app_b' });
      const now = Date.now();
      const expiresAt = now + 60_000;
      await a.create('sid-1', { fields: new Map([['k', 'a']]), expiresAt, now });
      expect(await b.read('sid-1', { now })).toBeNull();
      expect(await b.create('sid-1', { fields: new Map([['k', 'b']]), expiresAt, now })).toBe(true);
      expect((await a.read('sid-1', { now }))?.fields.get('k')).toBe('a');
    } finally {
      db.close();
    }
  });

  it('works on the tables of its first version, which had two more columns', async () => {
    const db = openDatabase();
    try {
      db.exec(
        'CREATE TABLE vial_records (sid TEXT PRIMARY KEY, idle_ms INTEGER, deadline INTEGER, expires_at INTEGER, revision INTEGER NOT NULL) WITHOUT ROWID',
      );
      db.prepare("INSERT INTO vial_records VALUES ('old', 60000, NULL, ?, 3)").run(
        Date.now() + 60_000,
      );
      const driver = sqliteDriver(db);
      const now = Date.now();
      expect(await driver.update('old', { set: new Map([['k', 'v']]), del: [], now })).toBe('ok');
      expect(await driver.read('old', { now })).toMatchObject({
        revision: 4,
        fields: new Map([['k', 'v']]),
      });
      expect(
        await driver.create('new', { fields: new Map([['k', 'n']]), expiresAt: null, now }),
      ).toBe(true);
    } finally {
      db.close();
    }
  });
});
