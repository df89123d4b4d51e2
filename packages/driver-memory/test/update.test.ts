import { describe, expect, it } from 'vitest';
import { fields, idle, MINUTE, NEVER, testDriver } from './helpers.js';

const noChange = (now: number) => ({
  set: new Map<string, string>(),
  del: [],
  expiry: idle(MINUTE),
  now,
});

describe('update', () => {
  it('sets and deletes fields and keeps the others', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1', b: '2', c: '3' }), expiry: NEVER, now });
    const result = await driver.update('s', {
      set: fields({ b: '20', d: '4' }),
      del: ['c', 'never-there'],
      expiry: NEVER,
      now,
    });
    expect(result).toBe('ok');
    const record = await driver.read('s', { now, touch: false });
    expect(Object.fromEntries(record?.fields ?? [])).toEqual({ a: '1', b: '20', d: '4' });
  });

  it('adds exactly 1 to the revision on every successful update, even one that only touches', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiry: NEVER, now });
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      seen.push((await driver.read('s', { now, touch: true }))?.revision ?? -1);
      await driver.update('s', noChange(now));
    }
    seen.push((await driver.read('s', { now, touch: false }))?.revision ?? -1);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('answers gone for a sid that was never created, and does not create it', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    expect(await driver.update('s', { ...noChange(now), set: fields({ a: '1' }) })).toBe('gone');
    expect(await driver.read('s', { now, touch: false })).toBeNull();
    expect(driver.stats().records).toBe(0);
  });

  it('never resurrects a destroyed record', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiry: idle(MINUTE), now });
    await driver.destroy(['s']);
    expect(await driver.update('s', { ...noChange(now), set: fields({ a: '2' }) })).toBe('gone');
    expect(await driver.read('s', { now, touch: false })).toBeNull();
  });

  it('never resurrects an expired record', async () => {
    const { driver, clock } = testDriver();
    await driver.create('s', { fields: fields({ a: '1' }), expiry: idle(MINUTE), now: clock() });
    clock.advance(MINUTE);
    const result = await driver.update('s', {
      set: fields({ a: '2' }),
      del: [],
      expiry: idle(60 * MINUTE),
      now: clock(),
    });
    expect(result).toBe('gone');
    expect(await driver.read('s', { now: clock(), touch: true })).toBeNull();
    expect(driver.stats().records).toBe(0);
  });

  it('applies an update whose revision matches and rejects a stale one with conflict', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiry: NEVER, now });
    const loaded = await driver.read('s', { now, touch: false });
    const revision = loaded?.revision ?? -1;
    expect(
      await driver.update('s', { ...noChange(now), set: fields({ a: '2' }), ifRevision: revision }),
    ).toBe('ok');
    expect(
      await driver.update('s', { ...noChange(now), set: fields({ a: '3' }), ifRevision: revision }),
    ).toBe('conflict');
    expect((await driver.read('s', { now, touch: false }))?.fields.get('a')).toBe('2');
  });

  it('leaves the expiry alone when a conditional update conflicts', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiry: idle(MINUTE), now });
    const before = await driver.read('s', { now, touch: false });
    await driver.update('s', { ...noChange(now), expiry: idle(null), ifRevision: -5 });
    const after = await driver.read('s', { now, touch: false });
    expect(after?.expiresAt).toBe(before?.expiresAt);
    expect(after?.revision).toBe(before?.revision);
  });

  it('answers gone rather than conflict for a destroyed record', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiry: NEVER, now });
    await driver.destroy(['s']);
    expect(await driver.update('s', { ...noChange(now), ifRevision: 0 })).toBe('gone');
  });

  it('removes a record whose new expiry is already past', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiry: NEVER, now });
    expect(await driver.update('s', { ...noChange(now), expiry: idle(null, now) })).toBe('ok');
    expect(await driver.read('s', { now, touch: false })).toBeNull();
    expect(driver.stats()).toMatchObject({ records: 0, scheduled: 0 });
  });
});
