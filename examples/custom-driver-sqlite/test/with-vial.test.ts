import { Vial } from '@vial/core';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteDriver } from '../src/index.js';
import { openDatabase } from './open-database.js';

type Data = { color: string; cart: string[] };

let db: Database.Database;

afterEach(() => db.close());

describe('sqliteDriver under Vial', () => {
  it('saves a session and loads it back by its token, as the README shows', async () => {
    db = openDatabase();
    const vial = new Vial<Data>({ driver: sqliteDriver(db), ttl: '1d' });
    const s = vial.session();
    s.set('color', 'blue');
    s.set('cart', ['tea']);
    await s.save();
    expect(s.id).not.toBeNull();

    const t = await vial.load(s.id);
    expect(t.isNew).toBe(false);
    expect(t.get('color')).toBe('blue');
    expect(t.get('cart')).toStrictEqual(['tea']);
  });

  it('keeps both keys when two loaded copies of a session save different keys', async () => {
    db = openDatabase();
    const vial = new Vial<Data>({ driver: sqliteDriver(db) });
    const s = vial.session();
    s.set('color', 'blue');
    await s.save();
    const a = await vial.load(s.id);
    const b = await vial.load(s.id);
    a.set('color', 'red');
    b.set('cart', ['coffee']);
    await Promise.all([a.save(), b.save()]);
    const merged = await vial.load(s.id);
    expect(merged.toJSON()).toStrictEqual({ color: 'red', cart: ['coffee'] });
  });

  it('frees the rows of expired sessions with reclaim()', async () => {
    db = openDatabase();
    let now = Date.now();
    const driver = sqliteDriver(db, { clock: () => now });
    const vial = new Vial<Data>({ driver, ttl: 60 });
    const s = vial.session();
    s.set('color', 'blue');
    await s.save();
    now += 61_000;
    expect((await vial.load(s.id)).isNew).toBe(true);
    expect(db.prepare('SELECT count(*) FROM vial_fields').pluck().get()).toBeGreaterThan(0);
    expect(driver.reclaim()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM vial_fields').pluck().get()).toBe(0);
  });
});
