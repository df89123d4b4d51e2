import { describe, expect, it } from 'vitest';
import {
  encodeBase,
  encodeChange,
  encodeTouch,
  MalformedRecord,
  parseRecord,
} from '../src/record.js';

const awkward = new Map([
  ['unicode ✓', '"héllo 🌍"'],
  ['', ''],
  ['3:4:', '1:2:x'],
  ['-:', ':-:'],
  ['__proto__', '{}'],
  ['line\nbreak', 'd1\n2:-:ab'],
]);

describe('the list layout', () => {
  it('round-trips a base of any names and values, in order', () => {
    const record = parseRecord([encodeBase(3, 7, 1_800_000_000_000, awkward)]);
    expect([...(record?.fields ?? [])]).toEqual([...awkward]);
    expect(record).toMatchObject({ gen: 3, revision: 7, expiresAt: 1_800_000_000_000, length: 1 });
  });

  it('replays changes and touches in order: +1 revision per change, the last expiry wins', () => {
    const record = parseRecord([
      encodeBase(
        0,
        1,
        1000,
        new Map([
          ['a', '1'],
          ['b', '2'],
        ]),
      ),
      encodeChange(
        new Map([
          ['a', '10'],
          ['c', '3'],
        ]),
        ['b'],
        undefined,
      ),
      encodeTouch(5000),
      encodeChange(new Map([['b', 'again']]), ['c', 'absent'], null),
      encodeTouch(9000),
    ]);
    expect(Object.fromEntries(record?.fields ?? [])).toEqual({ a: '10', b: 'again' });
    expect(record).toMatchObject({ revision: 3, expiresAt: 9000, length: 5 });
    const never = parseRecord([encodeBase(0, 1, null, new Map()), encodeChange(new Map(), [], 77)]);
    expect(never?.expiresAt).toBe(77);
    expect(parseRecord([encodeBase(0, 1, 5, new Map()), encodeTouch(null)])?.expiresAt).toBeNull();
  });

  it('reads an empty list as absent', () => {
    expect(parseRecord([])).toBeNull();
  });

  it('sizes the base and the tail, for deciding when to compact', () => {
    const base = encodeBase(0, 1, 1, new Map([['a', 'x'.repeat(100)]]));
    const change = encodeChange(new Map([['b', '1']]), [], undefined);
    expect(parseRecord([base, change, change])).toMatchObject({
      baseSize: base.length,
      tailSize: 2 * change.length,
    });
  });

  it('refuses anything it did not write, instead of returning partial fields', () => {
    const good = encodeBase(0, 1, 1000, new Map([['a', 'value']]));
    for (const bad of [
      ['not a record'],
      ['0:1:1000'],
      ['x:1:1000\n'],
      [good.slice(0, -2)],
      [`${good}9`],
      [good, 'zsomething'],
      [good, 'd\n5:1:ab'],
      [good, 'tsoon'],
      ['0:1:99999999999999999999\n'],
    ]) {
      expect(() => parseRecord(bad), JSON.stringify(bad)).toThrow(MalformedRecord);
    }
  });
});
