import { expect } from 'vitest';
import type { DriverFamily } from '../suite.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** UTF-8 bytes of every name and value: the size `maxBytes` limits. */
function bytesOf(fields: ReadonlyMap<string, string> | undefined): number {
  let bytes = 0;
  for (const [name, value] of fields ?? [])
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  return bytes;
}

/** `maxBytes`: the record's size is judged where it is stored, in the same step as the write. */
export const limitClauses: DriverFamily = () => ({
  'limits.refuse: update() with maxBytes must resolve "tooLarge" and change nothing when it makes the record larger than maxBytes (UTF-8 bytes of every name and value), and apply one that keeps it within, up to exactly maxBytes':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { a: 'x'.repeat(100) });
      const before = await h.state(sid);
      const over = { set: { b: 'y'.repeat(149) }, expiresAt: h.long() + 9, maxBytes: 250 };
      expect(await h.update(sid, over), 'an update to 251 bytes under maxBytes 250').toBe(
        'tooLarge',
      );
      expect(await h.state(sid), 'the record after the refused update').toStrictEqual(before);
      // 'é' is two bytes in UTF-8: 101 + 1 + 74 × 2 = 250.
      const exact = { set: { b: 'é'.repeat(74) }, maxBytes: 250 };
      expect(await h.update(sid, exact), 'an update to exactly 250 bytes').toBe('ok');
      const accent = { set: { c: 'é' }, maxBytes: 252 };
      expect(await h.update(sid, accent), "one more 'é' (253 bytes) under maxBytes 252").toBe(
        'tooLarge',
      );
      expect(bytesOf((await h.read(sid))?.fields), 'bytes stored').toBe(250);
    },
  'limits.concurrent: concurrent update() calls with maxBytes must never take the record past it together: of 20 updates each adding 9,000 bytes to a small record under maxBytes 10,000, one resolves "ok" and the others "tooLarge", and the record stays within 10,000 bytes':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { base: 'x' });
      const answers = await Promise.all(
        range(20).map((i) =>
          h.update(sid, { set: { [`k${i}`]: 'v'.repeat(8_990) }, maxBytes: 10_000 }),
        ),
      );
      const fields = (await h.read(sid))?.fields;
      expect(bytesOf(fields), 'bytes stored after 20 concurrent updates').toBeLessThanOrEqual(
        10_000,
      );
      const applied = range(20).filter((i) => fields?.has(`k${i}`));
      expect(
        answers.map((answer, i) => [i, answer]),
        'answers: "ok" exactly for the updates applied',
      ).toStrictEqual(range(20).map((i) => [i, applied.includes(i) ? 'ok' : 'tooLarge']));
      expect(applied.length, 'updates applied').toBe(1);
    },
  'limits.bytes: update() with maxBytes must judge the record by UTF-8 bytes, not by string length: replacing a value by one of the same length that needs more bytes is refused when it takes the record past maxBytes':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { a: 'x'.repeat(3_000), b: 'y' });
      // Same length, three bytes per character: 1 + 9,000 + 2 bytes.
      const same = { set: { a: '€'.repeat(3_000) }, maxBytes: 6_000 };
      expect(await h.update(sid, same), "3,000 'x' replaced by 3,000 '€' under 6,000 bytes").toBe(
        'tooLarge',
      );
      await h.expectFields(sid, { a: 'x'.repeat(3_000), b: 'y' }, 'the record after the refusal');
    },
  'limits.shrink: update() with maxBytes must apply an update that makes the record smaller (a delete, a shorter value) even while the record is over maxBytes, so that an oversized record can always be mended':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { a: 'x'.repeat(500), b: 'y'.repeat(500) });
      expect(await h.update(sid, { del: ['a'], maxBytes: 100 }), 'a delete').toBe('ok');
      expect(await h.update(sid, { set: { b: 'short' }, maxBytes: 100 }), 'a shorter value').toBe(
        'ok',
      );
      await h.expectFields(sid, { b: 'short' }, 'the record after both');
    },
});
