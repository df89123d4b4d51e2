import { expect } from 'vitest';
import type { DriverFamily } from '../suite.js';

/** A touch sets the expiry of a live record, and nothing else. */
export const touchClauses: DriverFamily = () => ({
  'touch.sets-expiry: touch() of a live record must resolve true and set its expiresAt, later, earlier or to null: read() reports it and the store keeps the record exactly that long':
    async (h) => {
      const [later, earlier, never, soon, long] = [
        h.sid(),
        h.sid(),
        h.sid(),
        h.now() + h.short,
        h.long(),
      ];
      await h.create(later, { a: '1' }, soon);
      await h.create(earlier, { a: '1' }, long);
      await h.create(never, { a: '1' }, soon);
      const answers = await h.before(soon, () =>
        Promise.all([h.touch(later, long), h.touch(earlier, soon), h.touch(never, null)]),
      );
      expect(answers, 'touch() of three live records').toStrictEqual([true, true, true]);
      const reported = await h.before(soon, () =>
        Promise.all([later, earlier, never].map(async (sid) => (await h.read(sid))?.expiresAt)),
      );
      expect(reported, 'expiresAt after touches to later, earlier, never').toEqual([
        long,
        soon,
        null,
      ]);
      await h.after(soon);
      await h.expectFields(later, { a: '1' }, 'the record touched to later, past its old expiry');
      await h.expectFields(never, { a: '1' }, 'the record touched to never, past its old expiry');
      expect(await h.read(earlier), 'the record touched to earlier, past that').toBeNull();
      expect(await h.create(earlier, { b: '2' }), 'create() of that sid').toBe(true);
    },

  'touch.expiry-only: touch() must change the expiry only: the fields and the revision stay as they were':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { a: '1' });
      await h.update(sid, { set: { b: '2' } });
      const before = await h.state(sid);
      const expiresAt = h.long() + 60_000;
      expect(await h.touch(sid, expiresAt), 'touch()').toBe(true);
      const expected = before && { ...before, expiresAt };
      expect(await h.state(sid), 'the record after touch()').toStrictEqual(expected);
    },

  'touch.no-revive: touch() of a sid that was never created, was destroyed or has expired must resolve false and create nothing':
    async (h) => {
      const [unknown, destroyed, expired, soon] = [h.sid(), h.sid(), h.sid(), h.now() + h.short];
      await h.create(destroyed, { a: '1' });
      await h.create(expired, { a: '1' }, soon);
      await h.destroy([destroyed]);
      await h.after(soon);
      const cases = { 'never created': unknown, destroyed, expired };
      for (const [what, sid] of Object.entries(cases)) {
        expect(await h.touch(sid, h.long()), `touch() of a sid ${what}`).toBe(false);
        expect(await h.read(sid), `read() after that touch() (${what})`).toBeNull();
      }
      expect(await h.create(expired, { b: '2' }), 'create() of the expired sid').toBe(true);
    },
});
