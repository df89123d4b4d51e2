import { describe, expect, it } from 'vitest';
import { fields, idle, MINUTE, NEVER, testDriver } from './helpers.js';

describe('create and read', () => {
  it('reads back every field of a created record, with its expiry and a revision', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    expect(
      await driver.create('s1', {
        fields: fields({ a: '1', b: '"two"' }),
        expiry: idle(MINUTE),
        now,
      }),
    ).toBe(true);
    const record = await driver.read('s1', { now, touch: false });
    expect(record).not.toBeNull();
    expect([...(record?.fields ?? [])]).toEqual([
      ['a', '1'],
      ['b', '"two"'],
    ]);
    expect(record?.expiresAt).toBe(now + MINUTE);
    expect(typeof record?.revision).toBe('number');
  });

  it('reads an unknown sid as null', async () => {
    const { driver, clock } = testDriver();
    expect(await driver.read('nope', { now: clock(), touch: true })).toBeNull();
  });

  it('stores a record with no fields and one that never expires', async () => {
    const { driver, clock } = testDriver();
    await driver.create('empty', { fields: new Map(), expiry: NEVER, now: clock() });
    clock.advance(10 * 365 * 24 * 60 * MINUTE);
    const record = await driver.read('empty', { now: clock(), touch: true });
    expect(record?.fields.size).toBe(0);
    expect(record?.expiresAt).toBeNull();
  });

  it('refuses to create over a live record and leaves it untouched', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s1', { fields: fields({ a: 'first' }), expiry: idle(MINUTE), now });
    const created = await driver.create('s1', {
      fields: fields({ a: 'second' }),
      expiry: idle(10 * MINUTE),
      now,
    });
    expect(created).toBe(false);
    const record = await driver.read('s1', { now, touch: false });
    expect(record?.fields.get('a')).toBe('first');
    expect(record?.expiresAt).toBe(now + MINUTE);
  });

  it('reuses the sid of an expired record on create', async () => {
    const { driver, clock } = testDriver();
    await driver.create('s1', { fields: fields({ a: 'old' }), expiry: idle(MINUTE), now: clock() });
    clock.advance(MINUTE);
    expect(
      await driver.create('s1', {
        fields: fields({ b: 'new' }),
        expiry: idle(MINUTE),
        now: clock(),
      }),
    ).toBe(true);
    const record = await driver.read('s1', { now: clock(), touch: false });
    expect([...(record?.fields ?? [])]).toEqual([['b', 'new']]);
  });

  it('starts every created record, a recreated sid included, at revision 1', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s1', { fields: fields({ a: '1' }), expiry: NEVER, now });
    await driver.update('s1', { set: fields({ a: '2' }), del: [], expiry: NEVER, now });
    expect((await driver.read('s1', { now, touch: false }))?.revision).toBe(2);
    await driver.destroy(['s1']);
    await driver.create('s1', { fields: fields({ a: '1' }), expiry: NEVER, now });
    expect((await driver.read('s1', { now, touch: false }))?.revision).toBe(1);
  });

  it('reports the name "memory" and declares every optional capability', () => {
    const { driver } = testDriver();
    expect(driver.name).toBe('memory');
    expect(driver.capabilities).toEqual({
      userIndex: true,
      iterate: true,
      conditionalUpdate: true,
    });
    expect(driver.userIndex).toBeDefined();
  });

  it('answers now() from the injected clock', () => {
    const { driver, clock } = testDriver();
    expect(driver.now()).toBe(clock());
    clock.advance(1234);
    expect(driver.now()).toBe(clock());
  });
});

describe('destroy', () => {
  it('removes every named record and ignores absent ones', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    for (const sid of ['a', 'b', 'c']) {
      await driver.create(sid, { fields: fields({ x: sid }), expiry: idle(MINUTE), now });
    }
    await driver.destroy(['a', 'c', 'missing']);
    expect(await driver.read('a', { now, touch: false })).toBeNull();
    expect(await driver.read('b', { now, touch: false })).not.toBeNull();
    expect(await driver.read('c', { now, touch: false })).toBeNull();
    expect(driver.stats()).toMatchObject({ records: 1, scheduled: 1 });
  });
});
