import { describe, expect } from 'vitest';
import { realisticSessionFields } from '../fixtures.js';
import { sortedPairs } from '../harness.js';
import type { Suite } from '../suite.js';

/** Reading: absent is null, present is exactly what was stored, records never bleed into each other. */
export function readClauses(suite: Suite): void {
  describe('read', () => {
    suite.test('read.absent', 'reads a sid that was never created as null', async (h) => {
      const sid = h.sid();
      expect(await h.read(sid, false), 'read(touch: false)').toBeNull();
      expect(await h.read(sid, true), 'read(touch: true)').toBeNull();
    });

    suite.test(
      'read.round-trip',
      'reads back every field of a realistic session exactly, and nothing else',
      async (h) => {
        const sid = h.sid();
        const fields = realisticSessionFields();
        fields.set('#t', 'x'.repeat(43));
        fields.set('#c', String(h.now()));
        expect(await h.create(sid, fields), 'create()').toBe(true);
        const record = await h.read(sid);
        expect(record, 'read() of the created record').not.toBeNull();
        expect(sortedPairs(record?.fields ?? new Map()), 'fields read back').toStrictEqual(
          sortedPairs(fields),
        );
        expect(record?.fields.size, 'fields.size').toBe(fields.size);
      },
    );

    suite.test(
      'read.isolation',
      'keeps records of different sids apart through create, update and destroy',
      async (h) => {
        const [a, b, c] = [h.sid(), h.sid(), h.sid()];
        await h.create(a, [['k', 'a']]);
        await h.create(b, [['k', 'b']]);
        await h.create(c, [['k', 'c']]);
        await h.update(a, {
          set: [
            ['k', 'a2'],
            ['extra', '1'],
          ],
        });
        await h.driver.destroy([c]);
        expect(await h.fieldsOf(b), 'record b after a was updated and c destroyed').toStrictEqual([
          ['k', 'b'],
        ]);
        expect(await h.fieldsOf(a), 'record a').toStrictEqual([
          ['extra', '1'],
          ['k', 'a2'],
        ]);
      },
    );
  });
}
