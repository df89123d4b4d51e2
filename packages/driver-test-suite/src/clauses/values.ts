import { describe, expect } from 'vitest';
import { sortedPairs } from '../harness.js';
import type { Suite } from '../suite.js';

const MIB = 1024 * 1024;

/** Names that break stores which build objects, keys, patterns or SQL from field names. */
export const ODD_FIELD_NAMES: readonly string[] = [
  '',
  ':',
  '*',
  'a:b:c',
  '{a}',
  '{',
  '}',
  '?',
  '[0]',
  'a.b',
  '$',
  '%s',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '#t',
  '##user',
  'null',
  'undefined',
  '0',
  '-1',
  ' spaced ',
  '"quoted"',
  "'single'",
  '\\',
  '\n',
  '\t',
  'nul\u0000inside',
  '日本語',
  '🍪',
  'é',
  'e\u0301',
  'n'.repeat(1000),
];

/** Every BMP code unit except the surrogate range (lone surrogates are not required to round-trip). */
export function everyBmpCharacter(): string {
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

/** `actual === expected`, failing with a short description instead of a megabyte-long diff. */
function expectSameString(actual: string | undefined, expected: string, label: string): void {
  if (actual === expected) return;
  if (actual === undefined) {
    expect.fail(`${label}: the field is missing`);
    return;
  }
  let i = 0;
  while (i < actual.length && actual.charCodeAt(i) === expected.charCodeAt(i)) i++;
  const hex = (s: string) =>
    i < s.length ? `\\u${s.charCodeAt(i).toString(16).padStart(4, '0')}` : 'the end';
  expect.fail(
    `${label}: read back ${actual.length} UTF-16 units instead of ${expected.length}; first difference at index ${i}: expected ${hex(expected)}, got ${hex(actual)}`,
  );
}

/** Values and names: size, count, odd names and every character survive the store unchanged. */
export function valueClauses(suite: Suite): void {
  describe('values', () => {
    suite.test(
      'values.large',
      'stores and reads back a 1 MiB value, by create and by update',
      async (h) => {
        const sid = h.sid();
        const first = largeValue('create');
        const second = largeValue('update');
        await h.create(sid, [
          ['big', first],
          ['small', 's'],
        ]);
        expectSameString(
          (await h.read(sid))?.fields.get('big'),
          first,
          'the 1 MiB value written by create()',
        );
        expect(
          await h.update(sid, { set: [['big2', second]] }),
          'update() with a 1 MiB value',
        ).toBe('ok');
        const record = await h.read(sid);
        expectSameString(
          record?.fields.get('big'),
          first,
          'the 1 MiB value written by create(), after update()',
        );
        expectSameString(record?.fields.get('big2'), second, 'the 1 MiB value written by update()');
        expect(record?.fields.get('small'), 'a small field beside them').toBe('s');
      },
    );

    suite.test(
      'values.many-fields',
      'stores and reads back a record of 1,000 fields',
      async (h) => {
        const sid = h.sid();
        const fields = new Map<string, string>();
        for (let i = 0; i < 1000; i++) fields.set(`field-${i}`, `value-${i}-${'v'.repeat(i % 50)}`);
        await h.create(sid, fields);
        expect(await h.fieldsOf(sid), 'the 1,000 fields').toStrictEqual(sortedPairs(fields));
        const set = new Map<string, string>();
        for (let i = 0; i < 1000; i += 2) set.set(`field-${i}`, `changed-${i}`);
        const del = Array.from({ length: 100 }, (_, i) => `field-${2 * i + 1}`);
        await h.update(sid, { set, del });
        for (const [k, v] of set) fields.set(k, v);
        for (const k of del) fields.delete(k);
        expect(await h.fieldsOf(sid), 'the fields after a 600-name delta').toStrictEqual(
          sortedPairs(fields),
        );
      },
    );

    suite.test(
      'values.field-names',
      "stores field names such as '', ':', '*', '{a}', '__proto__' and 'constructor' verbatim and deletes them",
      async (h) => {
        const sid = h.sid();
        const created = ODD_FIELD_NAMES.map((name, i) => [name, `v${i}`] as const);
        await h.create(sid, created.slice(0, 20));
        await h.update(sid, { set: created.slice(20) });
        expect(await h.fieldsOf(sid), 'fields with odd names').toStrictEqual(sortedPairs(created));
        const gone = ['', ':', '*', '__proto__', 'constructor', '{a}', 'nul\u0000inside'];
        await h.update(sid, { del: gone });
        expect(await h.fieldsOf(sid), 'fields after deleting some odd names').toStrictEqual(
          sortedPairs(created.filter(([name]) => !gone.includes(name))),
        );
      },
    );

    suite.test(
      'values.binary-safe',
      'reads back every BMP character including \\u0000, astral characters, empty and number-like strings',
      async (h) => {
        const sid = h.sid();
        const all = everyBmpCharacter();
        const reversed = [...all].reverse().join('');
        const astral = `😀 𝄞 ${String.fromCodePoint(0x10ffff)} 👩‍👩‍👧`;
        const numberLike = [
          '0',
          '007',
          '-0',
          '1e3',
          ' 1 ',
          '0x1F',
          'NaN',
          'true',
          'null',
          '[]',
          '{}',
          '',
        ];
        const fields: [string, string][] = [
          ['all', all],
          ['astral', astral],
          ['nul', '\u0000'],
          ...numberLike.map((v, i): [string, string] => [`n${i}`, v]),
        ];
        await h.create(sid, fields);
        await h.update(sid, { set: [['reversed', reversed]] });
        const read = (await h.read(sid))?.fields;
        expectSameString(read?.get('all'), all, 'every BMP character written by create()');
        expectSameString(
          read?.get('reversed'),
          reversed,
          'every BMP character written by update()',
        );
        expectSameString(read?.get('astral'), astral, 'astral characters');
        expectSameString(read?.get('nul'), '\u0000', 'a lone \\u0000');
        numberLike.forEach((v, i) => {
          expect(read?.get(`n${i}`), `the string ${JSON.stringify(v)}`).toBe(v);
        });
      },
    );
  });
}
