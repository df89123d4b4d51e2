import { expect } from 'vitest';
import type { DriverFamily } from '../suite.js';

/** Updating never creates, and applies to the record as it is, whatever basis it carries. */
export const updateClauses: DriverFamily = () => ({
  'update.gone: update() of a sid that was never created or was destroyed must resolve "gone" and write nothing: a later read() resolves null':
    async (h) => {
      const [unknown, destroyed] = [h.sid(), h.sid()];
      await h.create(destroyed, { a: '1' });
      await h.destroy([destroyed]);
      for (const [what, sid] of Object.entries({ 'never created': unknown, destroyed })) {
        const answer = await h.update(sid, { set: { b: '2' }, expiresAt: h.long() });
        expect(answer, `update() of a sid ${what}`).toBe('gone');
        expect(await h.read(sid), `read() after that update() (${what})`).toBeNull();
      }
    },

  'update.gone-expired: update() of an expired record must resolve "gone" and write nothing: a later read() resolves null and create() of the sid succeeds':
    async (h) => {
      const sid = h.sid();
      const expiresAt = h.now() + h.short;
      await h.create(sid, { a: '1' }, expiresAt);
      await h.after(expiresAt);
      const answer = await h.update(sid, { set: { b: '2' }, expiresAt: h.long() });
      expect(answer, 'update() after expiry').toBe('gone');
      expect(await h.read(sid), 'read() after that update()').toBeNull();
      expect(await h.create(sid, { c: '3' }), 'create() of the sid afterwards').toBe(true);
      await h.expectFields(sid, { c: '3' }, 'fields of the new record');
    },

  'update.stale-basis: update() must apply its delta to the record as it is now, even when the basis it carries comes from a read that other updates and a touch followed':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { a: '1', b: '2' });
      const { basis } = (await h.read(sid)) ?? {};
      expect(await h.update(sid, { set: { c: '3' } }), 'update() by another writer').toBe('ok');
      const touched = h.long() + 60_000;
      await h.touch(sid, touched);
      const answer = await h.update(sid, { set: { d: '4' }, del: ['a'], basis });
      expect(answer, 'update() with the basis of the first read').toBe('ok');
      const state = await h.state(sid);
      expect(state?.fields, 'fields: the other writer kept, this delta applied').toStrictEqual([
        ['b', '2'],
        ['c', '3'],
        ['d', '4'],
      ]);
      expect(state?.expiresAt, 'expiresAt: the touch kept').toBe(touched);
    },
});
