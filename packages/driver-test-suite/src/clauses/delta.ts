import { expect } from 'vitest';
import { realisticSessionFields } from '../fixtures.js';
import type { DriverFamily } from '../suite.js';

/** An update is a delta merged into the record, never a replacement of it. */
export const deltaClauses: DriverFamily = () => ({
  'delta.set: update() must write every field of delta.set, adding new ones and replacing old values':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { a: '1', b: '2' });
      expect(await h.update(sid, { set: { b: '20', c: '30' } }), 'update()').toBe('ok');
      await h.expectFields(sid, { a: '1', b: '20', c: '30' }, 'fields after set b and c');
    },

  'delta.del: update() must remove every field named in delta.del, and ignore names that are not in the record':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { a: '1', b: '2', c: '3' });
      expect(await h.update(sid, { del: ['a', 'c', 'never-there'] }), 'update()').toBe('ok');
      await h.expectFields(sid, { b: '2' }, 'fields after del a, c and an absent name');
    },

  'delta.untouched-kept: update() must keep every field that is neither in delta.set nor in delta.del, unchanged: it merges a delta, it does not replace the record':
    async (h) => {
      const sid = h.sid();
      const fields = realisticSessionFields();
      await h.create(sid, fields);
      await h.update(sid, { set: { visits: '43' }, del: ['flash'] });
      await h.update(sid, { set: { theme: '"light"' } });
      fields.set('visits', '43').set('theme', '"light"').delete('flash');
      await h.expectFields(sid, fields, 'fields after two small deltas');
    },

  'delta.empty: update() with empty set and del must resolve "ok" and keep every field, and apply delta.expiresAt when it is given':
    async (h) => {
      const sid = h.sid();
      const expiresAt = h.long();
      await h.create(sid, { a: '1' }, expiresAt);
      expect(await h.update(sid, {}), 'update() of nothing').toBe('ok');
      expect(await h.update(sid, { expiresAt: expiresAt + 5 }), 'update() of the expiry').toBe(
        'ok',
      );
      const state = await h.state(sid);
      expect(state?.fields, 'fields after empty deltas').toStrictEqual([['a', '1']]);
      expect(state?.expiresAt, 'expiresAt after an empty delta with expiresAt').toBe(expiresAt + 5);
    },
});
