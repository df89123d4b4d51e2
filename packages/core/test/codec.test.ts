import { describe, expect, it } from 'vitest';
import { richCodec } from '../src/codec-rich.js';
import { jsonCodec } from '../src/index.js';

describe('the JSON codec', () => {
  it('round-trips plain data exactly', () => {
    const value = {
      a: [1, 'two', null, true, { nested: ['x'] }],
      '': 0,
      __proto__x: 1,
      'ü€𝄞': 'ok',
    };
    expect(jsonCodec.decode(jsonCodec.encode(value))).toEqual(value);
  });

  it('keeps __proto__ as plain data', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}');
    const back = jsonCodec.decode(jsonCodec.encode(value)) as Record<string, unknown>;
    expect(Object.hasOwn(back, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['a Date', new Date(0), /Date would come back as a string.*richCodec/],
    ['a nested Date', { at: new Date(0) }, /Date would come back as a string \(at "at"\)/],
    ['a Map', new Map([[1, 2]]), /Map would come back as a plain object/],
    ['a Set', { tags: new Set(['a']) }, /Set would come back as a plain object/],
    ['a class instance', new (class Point {})(), /Point would come back as a plain object/],
    ['NaN', { n: Number.NaN }, /NaN would come back as null/],
    ['Infinity', [Number.POSITIVE_INFINITY], /Infinity would come back as null/],
    ['a BigInt', 10n, /JSON has no BigInt/],
    ['a function', { f() {} }, /function cannot be stored/],
    ['a symbol', [Symbol('s')], /symbol cannot be stored/],
    ['undefined', undefined, /use delete\(\)/],
    ['undefined in an array', [undefined], /undefined in an array would come back as null/],
  ])('refuses %s rather than storing something else', (_name, value, message) => {
    expect(() => jsonCodec.encode(value)).toThrow(message);
  });

  it('refuses a cycle', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => jsonCodec.encode(cyclic)).toThrow(/cycle/);
  });

  it('drops an undefined property, which reads back as undefined anyway', () => {
    expect(jsonCodec.decode(jsonCodec.encode({ a: 1, b: undefined }))).toEqual({ a: 1 });
  });
});

describe('the rich codec', () => {
  it('round-trips Date, Map, Set, BigInt, undefined and cycles', () => {
    const value: Record<string, unknown> = {
      at: new Date('2026-11-26T10:00:00Z'),
      map: new Map<unknown, unknown>([
        ['k', 1],
        [2, new Set([3])],
      ]),
      set: new Set(['a', 'b']),
      big: 12345678901234567890n,
      nothing: undefined,
      list: [1, undefined, 3],
      nan: Number.NaN,
    };
    value.self = value;
    const back = richCodec.decode(richCodec.encode(value)) as Record<string, unknown>;
    expect(back.at).toBeInstanceOf(Date);
    expect((back.at as Date).toISOString()).toBe('2026-11-26T10:00:00.000Z');
    expect(back.map).toEqual(value.map);
    expect(back.set).toEqual(value.set);
    expect(back.big).toBe(12345678901234567890n);
    expect('nothing' in back && back.nothing === undefined).toBe(true);
    expect(back.list).toEqual([1, undefined, 3]);
    expect(back.nan).toBeNaN();
    expect(back.self).toBe(back);
  });

  it('refuses class instances whose prototype it would lose', () => {
    expect(() => richCodec.encode(new (class Point {})())).toThrow();
  });
});
