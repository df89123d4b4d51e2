import { describe, expect } from 'vitest';
import type { Suite } from '../suite.js';

/** Destroying: one or many records, absent ones ignored, no others harmed. */
export function destroyClauses(suite: Suite): void {
  describe('destroy', () => {
    suite.test('destroy.removes', 'reads a destroyed record as null', async (h) => {
      const sid = h.sid();
      await h.create(sid, [['a', '1']]);
      await h.driver.destroy([sid]);
      expect(await h.read(sid), 'read() after destroy()').toBeNull();
      expect(await h.read(sid, true), 'read(touch: true) after destroy()').toBeNull();
    });

    suite.test(
      'destroy.many',
      'destroys every listed record at once and no other, and accepts an empty list',
      async (h) => {
        const sids = [h.sid(), h.sid(), h.sid(), h.sid()];
        for (const sid of sids) await h.create(sid, [['sid', sid]]);
        await h.driver.destroy([]);
        await h.driver.destroy(sids.slice(0, 3));
        for (const sid of sids.slice(0, 3)) {
          expect(await h.read(sid), `read() of destroyed ${sid}`).toBeNull();
        }
        expect(await h.fieldsOf(sids[3] ?? ''), 'the record that was not listed').toStrictEqual([
          ['sid', sids[3]],
        ]);
      },
    );

    suite.test(
      'destroy.absent-ignored',
      'destroys sids that do not exist without an error',
      async (h) => {
        const live = h.sid();
        await h.create(live, [['a', '1']]);
        await h.driver.destroy([h.sid(), h.sid()]);
        await h.driver.destroy([live]);
        await h.driver.destroy([live]);
        expect(await h.read(live), 'read() after destroying twice').toBeNull();
      },
    );
  });
}
