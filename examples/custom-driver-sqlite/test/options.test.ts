import { InvalidOptionError } from '@vial/core';
import { describe, expect, it } from 'vitest';
import { sqliteDriver } from '../src/index.js';
import { openDatabase } from './open-database.js';

describe('sqliteDriver options', () => {
  it('rejects a table prefix that is not a plain SQL identifier, naming the option', () => {
    const db = openDatabase();
    try {
      expect(() => sqliteDriver(db, { tablePrefix: 'x; DROP TABLE y' })).toThrow(
        InvalidOptionError,
      );
      expect(() => sqliteDriver(db, { tablePrefix: 'x; DROP TABLE y' })).toThrow(/tablePrefix/);
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
      const expiry = { idleMs: 60_000, deadline: null };
      await a.create('sid-1', { fields: new Map([['k', 'a']]), expiry, now });
      expect(await b.read('sid-1', { now, touch: false })).toBeNull();
      expect(await b.create('sid-1', { fields: new Map([['k', 'b']]), expiry, now })).toBe(true);
      expect((await a.read('sid-1', { now, touch: false }))?.fields.get('k')).toBe('a');
    } finally {
      db.close();
    }
  });
});
