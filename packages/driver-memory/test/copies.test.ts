import { describe, expect, it } from 'vitest';
import { fields, testDriver } from './helpers.js';

describe('records are copies, never aliases', () => {
  it('is not changed when the caller mutates the map it created the record from', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    const input = fields({ a: '1' });
    await driver.create('s', { fields: input, expiresAt: null, now });
    input.set('a', 'changed');
    input.set('b', 'added');
    const record = await driver.read('s', { now });
    expect(Object.fromEntries(record?.fields ?? [])).toEqual({ a: '1' });
  });

  it('is not changed when the caller mutates a map it read', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: null, now });
    const first = await driver.read('s', { now });
    if (first === null) throw new Error('record missing');
    const mutable = first.fields as Map<string, string>;
    mutable.set('a', 'changed');
    mutable.set('b', 'added');
    const second = await driver.read('s', { now });
    expect(Object.fromEntries(second?.fields ?? [])).toEqual({ a: '1' });
    expect(second?.fields).not.toBe(first.fields);
  });

  it('is not changed when the caller mutates the delta after an update', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: null, now });
    const set = fields({ b: '2' });
    await driver.update('s', { set, del: [], expiresAt: null, now });
    set.set('b', 'changed');
    expect((await driver.read('s', { now }))?.fields.get('b')).toBe('2');
  });
});

describe('field names and values', () => {
  const odd = [
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    '',
    'a:b*c',
    '1:x',
    '12',
    ':',
    '::',
    '#t',
    '##t',
    'émoji 🎉',
    '\u0000\uffff',
    '\ud800',
    'x'.repeat(5000),
  ];

  it('round-trips any field name, including ones that collide with object internals', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    const input = new Map(odd.map((name, i) => [name, `value ${i}`]));
    await driver.create('s', { fields: input, expiresAt: null, now });
    const record = await driver.read('s', { now });
    expect([...(record?.fields ?? [])]).toEqual([...input]);
    expect(record?.fields.get('__proto__')).toBe('value 0');
  });

  it('sets and deletes odd names by update without touching the others', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: new Map(odd.map((n) => [n, 'v'])), expiresAt: null, now });
    await driver.update('s', {
      set: new Map([
        ['__proto__', '{"polluted":true}'],
        ['', 'empty name'],
      ]),
      del: ['a:b*c', '\ud800'],
      expiresAt: null,
      now,
    });
    const got = (await driver.read('s', { now }))?.fields;
    expect(got?.get('__proto__')).toBe('{"polluted":true}');
    expect(got?.get('')).toBe('empty name');
    expect(got?.has('a:b*c')).toBe(false);
    expect(got?.has('\ud800')).toBe(false);
    expect(got?.size).toBe(odd.length - 2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('round-trips values made of separators, digits, empty strings and long text', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    const input = new Map([
      ['a', ''],
      ['b', '3:abc'],
      ['c', '::::'],
      ['d', '9'.repeat(100_000)],
      ['e', '"\\u0000" 日本語'],
    ]);
    await driver.create('s', { fields: input, expiresAt: null, now });
    expect([...((await driver.read('s', { now }))?.fields ?? [])]).toEqual([...input]);
  });
});
