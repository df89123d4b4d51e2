import { expect } from 'vitest';
import type { DriverFamily } from '../suite.js';

/** Maps cross the driver boundary by value: neither side can change the other's after the call. */
export const copyClauses: DriverFamily = () => ({
  'copies.read: mutating the map returned by read() must not change the stored record or the result of another read()':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { a: '1' });
      const first = (await h.read(sid))?.fields as Map<string, string> | undefined;
      const held = await h.read(sid);
      try {
        first?.set('intruder', 'x').set('a', 'changed').delete('a');
      } catch {
        // A frozen or read-only map is a fine way to keep the store safe.
      }
      await h.expectFields(sid, { a: '1' }, 'the stored fields after mutating a returned map');
      expect([...(held?.fields ?? [])], 'the map another read() returned').toStrictEqual([
        ['a', '1'],
      ]);
    },

  'copies.input: mutating the maps and arrays passed to create() or update() after the call resolves must not change the stored record':
    async (h) => {
      const sid = h.sid();
      const fields = new Map([['a', '1']]);
      await h.driver.create(sid, { fields, expiresAt: h.long(), now: h.now() });
      fields.set('a', 'changed').set('late', 'x');
      const set = new Map([['b', '2']]);
      const del = ['zz'];
      await h.driver.update(sid, { set, del, now: h.now() });
      set.set('b', 'changed').set('later', 'y');
      del.push('a');
      await h.expectFields(
        sid,
        { a: '1', b: '2' },
        'stored fields after the caller changed its maps',
      );
    },
});
