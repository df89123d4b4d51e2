import { describe, expect, it } from 'vitest';
import { fields, MINUTE, read, testDriver } from './helpers.js';

const none = new Map<string, string>();

describe('update', () => {
  it('sets and deletes fields and keeps the others', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1', b: '2', c: '3' }), expiresAt: null, now });
    const delta = { set: fields({ b: '20', d: '4' }), del: ['c', 'never-there'], now };
    expect(await driver.update('s', delta)).toBe('ok');
    expect(await read(driver, 's', now)).toEqual({ a: '1', b: '20', d: '4' });
  });

  it('adds exactly 1 to the revision on every update, even one that changes nothing', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: null, now });
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      seen.push((await driver.read('s', { now }))?.revision ?? -1);
      await driver.update('s', { set: none, del: [], now });
    }
    seen.push((await driver.read('s', { now }))?.revision ?? -1);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('keeps the expiry when the delta has none, and applies one it has', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: now + MINUTE, now });
    await driver.update('s', { set: fields({ a: '2' }), del: [], now });
    expect((await driver.read('s', { now }))?.expiresAt).toBe(now + MINUTE);
    await driver.update('s', { set: none, del: [], expiresAt: null, now });
    clock.advance(10 * MINUTE);
    expect((await driver.read('s', { now: clock() }))?.expiresAt).toBeNull();
    await driver.update('s', { set: none, del: [], expiresAt: clock() + MINUTE, now: clock() });
    expect((await driver.read('s', { now: clock() }))?.expiresAt).toBe(clock() + MINUTE);
  });

  it('answers gone for a sid that was never created, and does not create it', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    expect(await driver.update('s', { set: fields({ a: '1' }), del: [], now })).toBe('gone');
    expect(await driver.read('s', { now })).toBeNull();
    expect(driver.stats().records).toBe(0);
  });

  it('never resurrects a destroyed record', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: now + MINUTE, now });
    await driver.destroy(['s']);
    expect(await driver.update('s', { set: fields({ a: '2' }), del: [], now })).toBe('gone');
    expect(await driver.read('s', { now })).toBeNull();
  });

  it('never resurrects an expired record, even with a later expiry', async () => {
    const { driver, clock } = testDriver();
    await driver.create('s', {
      fields: fields({ a: '1' }),
      expiresAt: clock() + MINUTE,
      now: clock(),
    });
    clock.advance(MINUTE);
    const now = clock();
    const delta = { set: fields({ a: '2' }), del: [], expiresAt: now + 60 * MINUTE, now };
    expect(await driver.update('s', delta)).toBe('gone');
    expect(await driver.read('s', { now })).toBeNull();
    expect(driver.stats().records).toBe(0);
  });

  it('applies an update whose revision matches and rejects a stale one with conflict', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: null, now });
    const revision = (await driver.read('s', { now }))?.revision ?? -1;
    const first = { set: fields({ a: '2' }), del: [], now, ifRevision: revision };
    expect(await driver.update('s', first)).toBe('ok');
    const stale = { set: fields({ a: '3' }), del: [], now, ifRevision: revision };
    expect(await driver.update('s', stale)).toBe('conflict');
    expect(await read(driver, 's', now)).toEqual({ a: '2' });
  });

  it('changes nothing, expiry and revision included, when a conditional update conflicts', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: now + MINUTE, now });
    const delta = { set: fields({ a: '9' }), del: ['a'], expiresAt: null, now, ifRevision: 7 };
    expect(await driver.update('s', delta)).toBe('conflict');
    const after = await driver.read('s', { now });
    expect(after).toMatchObject({ expiresAt: now + MINUTE, revision: 1 });
    expect(after?.fields.get('a')).toBe('1');
  });

  it('answers gone rather than conflict for a destroyed record', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: null, now });
    await driver.destroy(['s']);
    expect(await driver.update('s', { set: none, del: [], now, ifRevision: 1 })).toBe('gone');
  });

  it('applies the delta on top of the stored record whatever basis it is given', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: null, now });
    const basis = (await driver.read('s', { now }))?.basis;
    await driver.update('s', { set: fields({ b: '2' }), del: [], now });
    await driver.update('s', { set: fields({ c: '3' }), del: [], now, basis: { stale: true } });
    await driver.update('s', { set: fields({ d: '4' }), del: [], now, basis });
    expect(await read(driver, 's', now)).toEqual({ a: '1', b: '2', c: '3', d: '4' });
  });

  it('lets a record whose new expiry is already past read as absent', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: null, now });
    expect(await driver.update('s', { set: none, del: [], expiresAt: now, now })).toBe('ok');
    expect(await driver.read('s', { now })).toBeNull();
    expect(driver.stats().records).toBe(0);
  });
});

describe('touch', () => {
  it('moves the expiry and leaves fields and revision alone', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: now + MINUTE, now });
    await driver.update('s', { set: fields({ b: '2' }), del: [], now });
    expect(await driver.touch('s', { expiresAt: now + 30 * MINUTE, now })).toBe(true);
    clock.advance(20 * MINUTE);
    const record = await driver.read('s', { now: clock() });
    expect(record).toMatchObject({ expiresAt: now + 30 * MINUTE, revision: 2 });
    expect(Object.fromEntries(record?.fields ?? [])).toEqual({ a: '1', b: '2' });
  });

  it('can make a record never expire, or move its expiry earlier', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: now + MINUTE, now });
    await driver.touch('s', { expiresAt: null, now });
    expect((await driver.read('s', { now: now + 60 * MINUTE }))?.expiresAt).toBeNull();
    await driver.touch('s', { expiresAt: now + 1000, now });
    expect(await driver.read('s', { now: now + 1000 })).toBeNull();
  });

  it('answers false and recreates nothing for an absent, destroyed or expired record', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('gone', { fields: fields({ a: '1' }), expiresAt: null, now });
    await driver.destroy(['gone']);
    await driver.create('old', { fields: fields({ a: '1' }), expiresAt: now + MINUTE, now });
    clock.advance(MINUTE);
    for (const sid of ['never', 'gone', 'old']) {
      expect(await driver.touch(sid, { expiresAt: null, now: clock() })).toBe(false);
      expect(await driver.read(sid, { now: clock() })).toBeNull();
    }
    expect(driver.stats().records).toBe(0);
  });
});
