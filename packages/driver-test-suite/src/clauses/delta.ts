import { describe, expect } from 'vitest';
import { realisticSessionFields } from '../fixtures.js';
import { sortedPairs } from '../harness.js';
import type { Suite } from '../suite.js';

/** An update is a delta merged into the record, never a replacement of it. */
export function deltaClauses(suite: Suite): void {
  describe('delta', () => {
    suite.test(
      'delta.set',
      'adds new fields and replaces the values of existing ones',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [
          ['a', '1'],
          ['b', '2'],
        ]);
        await h.update(sid, {
          set: [
            ['b', '20'],
            ['c', '30'],
          ],
        });
        expect(await h.fieldsOf(sid), 'fields after set b and c').toStrictEqual([
          ['a', '1'],
          ['b', '20'],
          ['c', '30'],
        ]);
      },
    );

    suite.test(
      'delta.del',
      'removes deleted fields and ignores names it does not have',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [
          ['a', '1'],
          ['b', '2'],
          ['c', '3'],
        ]);
        expect(await h.update(sid, { del: ['a', 'c', 'never-there'] }), 'update()').toBe('ok');
        expect(await h.fieldsOf(sid), 'fields after del a, c and an absent name').toStrictEqual([
          ['b', '2'],
        ]);
      },
    );

    suite.test(
      'delta.untouched-kept',
      'keeps every field the delta does not name, unchanged',
      async (h) => {
        const sid = h.sid();
        const fields = realisticSessionFields();
        await h.create(sid, fields);
        await h.update(sid, { set: [['visits', '43']], del: ['flash'] });
        await h.update(sid, { set: [['theme', '"light"']] });
        const expected = new Map(fields);
        expected.set('visits', '43');
        expected.delete('flash');
        expected.set('theme', '"light"');
        expect(await h.fieldsOf(sid), 'fields after two small deltas').toStrictEqual(
          sortedPairs(expected),
        );
      },
    );

    suite.test(
      'delta.empty',
      'answers "ok" to an empty delta, keeps every field and applies its expiry',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [['a', '1']], h.policy(h.idleMs));
        const policy = h.policy(h.idleMs * 3);
        const at = h.now();
        expect(await h.update(sid, { expiry: policy }), 'update() with an empty delta').toBe('ok');
        const record = await h.read(sid);
        expect([...(record?.fields ?? [])], 'fields').toStrictEqual([['a', '1']]);
        const expiresAt = record?.expiresAt ?? Number.NaN;
        expect(
          Math.abs(expiresAt - (at + h.idleMs * 3)),
          'distance of expiresAt from now + the new idleMs (ms)',
        ).toBeLessThanOrEqual(h.tolerance + (h.now() - at));
      },
    );
  });
}
