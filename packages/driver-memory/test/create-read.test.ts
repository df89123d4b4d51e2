import { describe, expect, it } from 'vitest';
import { fields, MINUTE, read, testDriver } from './helpers.js';

describe('create and read', () => {
  it('reads back every field of a created record, its expiry and revision 1', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    const created = await driver.create('s1', {
      fields: fields({ a: '1', b: '"two"' }),
      expiresAt: now + MINUTE,
      now,
    });
    expect(created).toBe(true);
    const record = await driver.read('s1', { now });
    expect([...(record?.fields ?? [])]).toEqual([
      ['a', '1'],
      ['b', '"two"'],
    ]);
    expect(record?.expiresAt).toBe(now + MINUTE);
    expect(record?.revision).toBe(1);
  });

  it('reads an unknown sid as null', async () => {
    const { driver, clock } = testDriver();
    expect(await driver.read('nope', { now: clock() })).toBeNull();
  });

  it('stores a record with no fields that never expires', async () => {
    const { driver, clock } = testDriver();
    await driver.create('empty', { fields: new Map(), expiresAt: null, now: clock() });
    clock.advance(10 * 365 * 24 * 60 * MINUTE);
    const record = await driver.read('empty', { now: clock() });
    expect(record?.fields.size).toBe(0);
    expect(record?.expiresAt).toBeNull();
  });

  it('refuses to create over a live record and leaves it untouched', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s1', { fields: fields({ a: 'first' }), expiresAt: now + MINUTE, now });
    const again = { fields: fields({ a: 'second' }), expiresAt: null, now };
    expect(await driver.create('s1', again)).toBe(false);
    const record = await driver.read('s1', { now });
    expect(record?.fields.get('a')).toBe('first');
    expect(record?.expiresAt).toBe(now + MINUTE);
  });

  it('creates over an expired record, starting afresh at revision 1', async () => {
    const { driver, clock } = testDriver();
    const start = clock();
    await driver.create('s1', {
      fields: fields({ a: 'old' }),
      expiresAt: start + MINUTE,
      now: start,
    });
    await driver.update('s1', { set: fields({ a: 'older' }), del: [], now: start });
    clock.advance(MINUTE);
    const now = clock();
    expect(await driver.create('s1', { fields: fields({ b: 'new' }), expiresAt: null, now })).toBe(
      true,
    );
    const record = await driver.read('s1', { now });
    expect([...(record?.fields ?? [])]).toEqual([['b', 'new']]);
    expect(record?.revision).toBe(1);
  });

  it('never changes a record by reading it, whatever now it is given', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: now + MINUTE, now });
    for (let i = 0; i < 3; i++) await driver.read('s', { now: now + i * 1000 });
    const record = await driver.read('s', { now });
    expect(record).toMatchObject({ expiresAt: now + MINUTE, revision: 1 });
  });

  it('reports the name "memory", conditional updates, the record limit and every optional member', () => {
    const { driver } = testDriver();
    expect(driver.name).toBe('memory');
    expect(driver.capabilities).toEqual({ conditionalUpdate: true, recordLimit: true });
    expect(typeof driver.userIndex.add).toBe('function');
    expect(typeof driver.sids).toBe('function');
    expect(typeof driver.close).toBe('function');
  });

  it('answers now() from the injected clock', () => {
    const { driver, clock } = testDriver();
    expect(driver.now()).toBe(clock());
    clock.advance(1234);
    expect(driver.now()).toBe(clock());
  });
});

describe('destroy', () => {
  it('removes every named record, ignores absent ones and counts the live ones removed', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    for (const sid of ['a', 'b', 'c']) {
      await driver.create(sid, { fields: fields({ x: sid }), expiresAt: null, now });
    }
    expect(await driver.destroy(['a', 'c', 'missing', 'a'])).toBe(2);
    expect(await read(driver, 'a', now)).toBeNull();
    expect(await read(driver, 'b', now)).toEqual({ x: 'b' });
    expect(await read(driver, 'c', now)).toBeNull();
    expect(driver.stats().records).toBe(1);
  });

  it('does not count a record that had already expired', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('short', { fields: fields({ x: '1' }), expiresAt: now + MINUTE, now });
    await driver.create('long', { fields: fields({ x: '1' }), expiresAt: now + 2 * MINUTE, now });
    clock.advance(MINUTE);
    expect(await driver.destroy(['short', 'long'])).toBe(1);
    expect(driver.stats().records).toBe(0);
  });

  it('answers 0 for no sids', async () => {
    const { driver } = testDriver();
    expect(await driver.destroy([])).toBe(0);
  });
});
