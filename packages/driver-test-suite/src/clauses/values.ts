import { expect } from 'vitest';
import { pairs } from '../harness.js';
import type { DriverFamily } from '../suite.js';

const MIB = 1024 * 1024;

/** Names that break stores which build objects, keys, patterns or SQL from field names. */
const ODD_FIELD_NAMES: readonly string[] = [
  ...'|:|*|a:b:c|{a}|{|}|?|[0]|a.b|$|%s|__proto__|constructor|prototype|toString'.split('|'),
  ...'hasOwnProperty|#t|##user|null|undefined|0|-1| spaced |"quoted"|\'single\'|\\'.split('|'),
  ...'\n|\t|nul\u0000inside|日本語|🍪|é|e\u0301'.split('|'),
  'n'.repeat(1000),
];

/** Every BMP code unit except the surrogate range (lone surrogates are not required to round-trip). */
function everyBmpCharacter(): string {
  const units: number[] = [];
  for (let u = 0; u <= 0xffff; u++) if (u < 0xd800 || u > 0xdfff) units.push(u);
  let out = '';
  for (let i = 0; i < units.length; i += 4096)
    out += String.fromCharCode(...units.slice(i, i + 4096));
  return out;
}

/** A 1 MiB (ASCII, so also 1 MiB of UTF-8) string that is not one repeated character. */
function largeValue(seed: string): string {
  const chunk = `${seed}:${'0123456789abcdefghijklmnopqrstuvwxyz'.repeat(28)}|`;
  return chunk.repeat(Math.ceil(MIB / chunk.length)).slice(0, MIB);
}

/** `actual === expected`, failing with where they differ instead of a megabyte-long diff. */
function expectSameString(actual: string | undefined, expected: string, label: string): void {
  if (actual === expected) return;
  if (actual === undefined) expect.fail(`${label}: the field is missing`);
  let i = 0;
  while (i < actual.length && actual.charCodeAt(i) === expected.charCodeAt(i)) i++;
  const at = (s: string) =>
    i < s.length ? `\\u${s.charCodeAt(i).toString(16).padStart(4, '0')}` : 'the end';
  expect.fail(
    `${label}: read back ${actual.length} UTF-16 units instead of ${expected.length}; first difference at index ${i}: expected ${at(expected)}, got ${at(actual)}`,
  );
}

/** Values and names: size, count, odd names and every character survive the store unchanged. */
export const valueClauses: DriverFamily = () => ({
  'values.large: a 1 MiB field value must be stored and read back exactly, by create() and update()':
    async (h) => {
      const sid = h.sid();
      const [first, second] = [largeValue('create'), largeValue('update')];
      await h.create(sid, { big: first, small: 's' });
      expectSameString((await h.read(sid))?.fields.get('big'), first, 'the value create() wrote');
      expect(await h.update(sid, { set: { big2: second } }), 'update() of 1 MiB').toBe('ok');
      const fields = (await h.read(sid))?.fields;
      expectSameString(fields?.get('big'), first, 'the value create() wrote, after update()');
      expectSameString(fields?.get('big2'), second, 'the value update() wrote');
      expect(fields?.get('small'), 'a small field beside them').toBe('s');
    },

  'values.many-fields: a record of 1,000 fields must be stored and read back exactly, and changed by a delta of 600 names':
    async (h) => {
      const sid = h.sid();
      const fields = new Map<string, string>();
      for (let i = 0; i < 1000; i++) fields.set(`field-${i}`, `value-${i}-${'v'.repeat(i % 50)}`);
      await h.create(sid, fields);
      await h.expectFields(sid, fields, 'the 1,000 fields');
      const set = new Map<string, string>();
      for (let i = 0; i < 1000; i += 2) set.set(`field-${i}`, `changed-${i}`);
      const del = Array.from({ length: 100 }, (_, i) => `field-${2 * i + 1}`);
      await h.update(sid, { set, del });
      for (const [k, v] of set) fields.set(k, v);
      for (const k of del) fields.delete(k);
      await h.expectFields(sid, fields, 'the fields after a 600-name delta');
    },

  "values.field-names: field names must be stored verbatim, including '', ':', '*', '{a}', '__proto__', 'constructor', '#t', unicode and control characters, and deleted by delta.del":
    async (h) => {
      const sid = h.sid();
      const created = ODD_FIELD_NAMES.map((name, i) => [name, `v${i}`] as const);
      await h.create(sid, created.slice(0, 20));
      await h.update(sid, { set: created.slice(20) });
      await h.expectFields(sid, created, 'fields with odd names');
      const gone = ['', ':', '*', '__proto__', 'constructor', '{a}', 'nul\u0000inside'];
      await h.update(sid, { del: gone });
      const kept = created.filter(([name]) => !gone.includes(name));
      expect((await h.read(sid))?.fields.size, 'fields left').toBe(kept.length);
      await h.expectFields(sid, pairs(kept), 'fields after deleting some odd names');
    },

  'values.binary-safe: every well-formed string must round-trip exactly: every BMP character including \\u0000 (lone surrogates excepted), astral characters, the empty string, and number-like strings such as "007"':
    async (h) => {
      const sid = h.sid();
      const all = everyBmpCharacter();
      const reversed = [...all].reverse().join('');
      const astral = `😀 𝄞 ${String.fromCodePoint(0x10ffff)} 👩‍👩‍👧`;
      const numberLike = '0|007|-0|1e3| 1 |0x1F|NaN|true|null|[]|{}|'.split('|');
      await h.create(sid, [
        ['all', all],
        ['astral', astral],
        ['nul', '\u0000'],
        ...numberLike.map((v, i) => [`n${i}`, v] as const),
      ]);
      await h.update(sid, { set: { reversed } });
      const read = (await h.read(sid))?.fields;
      expectSameString(read?.get('all'), all, 'every BMP character, written by create()');
      expectSameString(read?.get('reversed'), reversed, 'every BMP character, written by update()');
      expectSameString(read?.get('astral'), astral, 'astral characters');
      expectSameString(read?.get('nul'), '\u0000', 'a lone \\u0000');
      expect(
        numberLike.map((_, i) => read?.get(`n${i}`)),
        'number-like strings',
      ).toStrictEqual(numberLike);
    },
});
