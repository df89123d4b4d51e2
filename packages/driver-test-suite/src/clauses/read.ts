import { expect } from 'vitest';
import { realisticSessionFields } from '../fixtures.js';
import { pairs } from '../harness.js';
import type { DriverFamily } from '../suite.js';

/** Reading: absent is null, present is exactly what was stored, and a read writes nothing. */
export const readClauses: DriverFamily = () => ({
  'read.absent: read() of a sid that was never created must resolve null': async (h) => {
    expect(await h.read(h.sid()), 'read() of an unknown sid').toBeNull();
  },

  'read.round-trip: read() must resolve every field of the record with its exact value, and no other field':
    async (h) => {
      const sid = h.sid();
      const fields = realisticSessionFields();
      fields.set('#t', 'x'.repeat(43));
      fields.set('#c', String(h.now()));
      expect(await h.create(sid, fields), 'create()').toBe(true);
      await h.expectFields(sid, fields, 'fields read back');
    },

  'read.isolation: writing, updating, touching or destroying one sid must never change another sid of the same driver':
    async (h) => {
      const [a, b, c] = [h.sid(), h.sid(), h.sid()];
      const expiresAt = h.long();
      for (const sid of [a, b, c]) await h.create(sid, { k: sid }, expiresAt);
      await h.update(a, { set: { k: 'a2', extra: '1' }, expiresAt: expiresAt + 1 });
      await h.touch(a, expiresAt + 2);
      await h.destroy([c]);
      const other = await h.state(b);
      expect(other?.fields, 'fields of b after a was changed and c destroyed').toStrictEqual(
        pairs({ k: b }),
      );
      expect(other?.expiresAt, 'expiresAt of b').toBe(expiresAt);
      await h.expectFields(a, { k: 'a2', extra: '1' }, 'record a');
    },

  'read.no-write: read() must write nothing: reads, also as time passes, leave the fields, expiresAt and revision as they were, and the record expires when it was going to':
    async (h) => {
      const sid = h.sid();
      const expiresAt = h.now() + h.short;
      await h.create(sid, { a: '1' }, expiresAt);
      const first = await h.state(sid);
      await h.at(h.now() + h.short / 2);
      const later = await h.before(expiresAt, () => h.state(sid));
      expect(later, 'the record read again, later').toStrictEqual(first);
      await h.after(expiresAt);
      expect(await h.read(sid), 'read() after its expiresAt').toBeNull();
      expect(await h.create(sid, { c: '3' }), 'create() of the sid after its expiresAt').toBe(true);
    },
});
