import { describe, expect, it } from 'vitest';
import { createArgs, decodeRead, updateArgs } from '../src/index.js';
import { encodeField, fixedExpiry, parseRecord } from '../src/record.js';

const now = 1_800_000_000_000;
const header = `60000,,${fixedExpiry(now + 60_000)},3\n`;
const fields = new Map([
  ['unicode ✓', '"héllo 🌍"'],
  ['', ''],
  ['3:4:', '1:2:x'],
  ['__proto__', '{}'],
]);
const text = header + [...fields].map(([name, value]) => encodeField(name, value)).join('');

describe('the record codec in JS', () => {
  it('parses a record given as a string, as bytes or as a plain Uint8Array alike', () => {
    const bytes = Buffer.from(text);
    for (const reply of [text, bytes, new Uint8Array(bytes)]) {
      const record = parseRecord(reply);
      expect([...record.fields]).toEqual([...fields]);
      expect(record).toMatchObject({
        idleMs: 60_000,
        deadline: null,
        expiresAt: now + 60_000,
        revision: 3,
      });
    }
  });

  it('parses an all-ASCII record by character index and keeps values intact', () => {
    const ascii = `${header}${encodeField('a', '"1"')}${encodeField('bb', '')}`;
    const record = parseRecord(Buffer.from(ascii));
    expect([...record.fields]).toEqual([
      ['a', '"1"'],
      ['bb', ''],
    ]);
  });

  it('rejects truncated or malformed records instead of returning partial fields', () => {
    for (const bad of [
      text.slice(0, -1),
      `${header}1:x:a`,
      `${header}:1:ab`,
      `${header}1:1`,
      '60000,,123,3\n',
      'no header',
    ]) {
      expect(() => parseRecord(bad), JSON.stringify(bad)).toThrow(TypeError);
      expect(() => parseRecord(Buffer.from(`${bad}✓`)), JSON.stringify(bad)).toThrow(TypeError);
    }
  });

  it('reports the expiry a touching read slid to from the record’s own policy', () => {
    const stored = `60000,${now + 90_000},${fixedExpiry(now + 60_000)},1\n`;
    expect(decodeRead(stored, { now: now + 10_000, touch: false })?.expiresAt).toBe(now + 60_000);
    expect(decodeRead(stored, { now: now + 20_000, touch: true })?.expiresAt).toBe(now + 80_000);
    expect(decodeRead(stored, { now: now + 50_000, touch: true })?.expiresAt).toBe(now + 90_000);
    const forever = `,,${fixedExpiry(null)},1\n`;
    expect(decodeRead(forever, { now, touch: true })?.expiresAt).toBeNull();
    expect(decodeRead(null, { now, touch: true })).toBeNull();
    expect(decodeRead(false, { now, touch: true })).toBeNull();
  });

  it('encodes creates and updates with their header, byte lengths and TTL', () => {
    const expiry = { idleMs: 60_000, deadline: null };
    expect(createArgs({ fields: new Map([['é', 'x']]), expiry, now })).toEqual([
      String(now),
      '60000',
      `60000,,${fixedExpiry(now + 60_000)},1\n2:1:éx`,
    ]);
    expect(
      updateArgs({
        set: new Map([['a', '1']]),
        del: ['b'],
        expiry: { idleMs: null, deadline: now - 1 },
        now: now + 0.4,
        ifRevision: 4,
      }),
    ).toEqual([
      String(now),
      `,${now - 1},${fixedExpiry(null)},`,
      '4',
      '0',
      '1',
      'a',
      '1:1:a1',
      'b',
    ]);
    expect(
      updateArgs({ set: new Map(), del: [], expiry: { idleMs: null, deadline: null }, now }),
    ).toEqual([String(now), `,,${fixedExpiry(null)},`, '', '', '0']);
  });

  it('refuses an expiry that does not fit the header’s 15 digits', () => {
    expect(() => fixedExpiry(10 ** 15)).toThrow(RangeError);
    expect(() => fixedExpiry(-1)).toThrow(RangeError);
    expect(fixedExpiry(0)).toBe('000000000000000');
  });
});
