import { expect } from 'vitest';
import { pairs } from '../harness.js';
import type { DriverFamily } from '../suite.js';

/** Creating: only a free sid can be created (the collision guard); a dead sid is free again. */
export const createClauses: DriverFamily = () => ({
  'create.new: create() of a free sid must resolve true and store the record with its expiresAt':
    async (h) => {
      const sid = h.sid();
      const expiresAt = h.long();
      expect(await h.create(sid, { a: '1' }, expiresAt), 'create() of a free sid').toBe(true);
      const state = await h.state(sid);
      expect(state?.fields, 'fields after create()').toStrictEqual([['a', '1']]);
      expect(state?.expiresAt, 'expiresAt after create()').toBe(expiresAt);
    },

  'create.collision-guard: create() of a sid that has a live record must resolve false and leave that record, its expiry and its revision untouched':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { owner: 'first' });
      await h.update(sid, { set: { n: '1' } });
      const before = await h.state(sid);
      const again = await h.create(sid, { owner: 'second', more: 'x' }, h.long() + 60_000);
      expect(again, 'create() of a sid that has a live record').toBe(false);
      expect(await h.state(sid), 'the existing record after the refused create()').toStrictEqual(
        before,
      );
    },

  'create.reuse-dead-sid: create() of a sid whose record was destroyed or has expired must resolve true and store only the new fields':
    async (h) => {
      const [destroyed, expired] = [h.sid(), h.sid()];
      const expiresAt = h.now() + h.short;
      await h.create(destroyed, { old: '1' });
      await h.create(expired, { old: '1' }, expiresAt);
      await h.destroy([destroyed]);
      expect(await h.create(destroyed, { new: '2' }), 'create() after destroy()').toBe(true);
      await h.after(expiresAt);
      expect(await h.create(expired, { new: '2' }), 'create() after expiry').toBe(true);
      for (const sid of [destroyed, expired]) {
        expect((await h.state(sid))?.fields, 'fields of the record created again').toStrictEqual(
          pairs({ new: '2' }),
        );
      }
    },
});
