import { expect } from 'vitest';
import type { DriverFamily } from '../suite.js';

/** Destroying: one or many records, counted, absent ones ignored, no others harmed. */
export const destroyClauses: DriverFamily = () => ({
  'destroy.removes: destroy(sids) must remove every listed record and no other, resolve how many it removed, and accept an empty list':
    async (h) => {
      const sids = [h.sid(), h.sid(), h.sid(), h.sid()];
      for (const sid of sids) await h.create(sid, { sid });
      expect(await h.destroy([]), 'destroy([])').toBe(0);
      expect(await h.destroy([sids[0] ?? '']), 'destroy() of one record').toBe(1);
      expect(await h.destroy(sids.slice(1, 3)), 'destroy() of two records').toBe(2);
      for (const sid of sids.slice(0, 3)) await h.expectFields(sid, null, 'a destroyed record');
      await h.expectFields(sids[3] ?? '', { sid: sids[3] ?? '' }, 'the record not listed');
    },

  'destroy.counts-live: destroy() must count only live records: sids never created, already destroyed or expired count 0 and raise no error':
    async (h) => {
      const [live, expired] = [h.sid(), h.sid()];
      const soon = h.now() + h.short;
      await h.create(live, { a: '1' });
      await h.create(expired, { a: '1' }, soon);
      expect(await h.destroy([h.sid(), h.sid()]), 'destroy() of unknown sids').toBe(0);
      expect(await h.destroy([live]), 'destroy() of a live record').toBe(1);
      expect(await h.destroy([live]), 'destroy() of it again').toBe(0);
      await h.after(soon);
      expect(
        await h.destroy([expired, live]),
        'destroy() of an expired and a destroyed record',
      ).toBe(0);
    },
});
