import { describe, expect } from 'vitest';
import type { Suite } from '../suite.js';

/** Maps cross the driver boundary by value: neither side can change the other's after the call. */
export function copyClauses(suite: Suite): void {
  describe('copies', () => {
    suite.test('copies.read', 'is not changed by mutating the map a read returned', async (h) => {
      const sid = h.sid();
      await h.create(sid, [['a', '1']]);
      const first = await h.read(sid);
      const held = await h.read(sid);
      const fields = first?.fields as Map<string, string> | undefined;
      if (fields !== undefined && typeof fields.set === 'function') {
        try {
          fields.set('intruder', 'x');
          fields.set('a', 'changed');
          fields.delete('a');
        } catch {
          // A frozen or read-only map is a fine way to keep the store safe.
        }
      }
      expect(
        await h.fieldsOf(sid),
        'the stored fields after mutating a returned map',
      ).toStrictEqual([['a', '1']]);
      expect([...(held?.fields ?? [])], 'the map returned by another read()').toStrictEqual([
        ['a', '1'],
      ]);
    });

    suite.test(
      'copies.input',
      'is not changed by mutating the maps given to create and update after they resolve',
      async (h) => {
        const sid = h.sid();
        const fields = new Map([['a', '1']]);
        await h.driver.create(sid, { fields, expiry: h.policy(), now: h.now() });
        fields.set('a', 'changed');
        fields.set('late', 'x');
        const set = new Map([['b', '2']]);
        const del = ['zz'];
        await h.driver.update(sid, { set, del, expiry: h.policy(), now: h.now() });
        set.set('b', 'changed');
        set.set('later', 'y');
        del.push('a');
        expect(
          await h.fieldsOf(sid),
          'stored fields after the caller changed its maps',
        ).toStrictEqual([
          ['a', '1'],
          ['b', '2'],
        ]);
      },
    );
  });
}
