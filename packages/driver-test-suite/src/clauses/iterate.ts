import { expect } from 'vitest';
import type { Harness } from '../harness.js';
import type { DriverFamily } from '../suite.js';

async function collect(h: Harness): Promise<string[]> {
  const out: string[] = [];
  for await (const sid of h.driver.sids?.() ?? []) out.push(sid);
  return out;
}

/** The optional iteration over every live sid. */
export const iterateClauses: DriverFamily = () => ({
  "iterate.each-once: sids() must yield every live sid of the driver exactly once (no duplicates, none missing), also beyond one page of a store's scan":
    async (h) => {
      expect(await collect(h), 'sids() of an empty driver').toStrictEqual([]);
      const created = Array.from({ length: 1100 }, () => h.sid());
      for (let i = 0; i < created.length; i += 100) {
        await Promise.all(created.slice(i, i + 100).map((sid) => h.create(sid, { a: '1' })));
      }
      const yielded = await collect(h);
      const once = new Set(yielded);
      expect(yielded.length - once.size, 'sids yielded more than once').toBe(0);
      expect(created.filter((sid) => !once.has(sid)).length, 'live sids never yielded').toBe(0);
      expect(yielded.length, 'number of sids yielded').toBe(created.length);
    },

  'iterate.no-dead: sids() must not yield destroyed or expired records, judged by the injected clock (virtual) or the store clock (real)':
    async (h) => {
      const [keep, destroyed, expiring] = [h.sid(), h.sid(), h.sid()];
      const soon = h.now() + h.short;
      await h.create(keep, { a: '1' });
      await h.create(destroyed, { a: '1' });
      await h.create(expiring, { a: '1' }, soon);
      await h.destroy([destroyed]);
      await h.after(soon);
      expect(await collect(h), 'sids() after one was destroyed and one expired').toStrictEqual([
        keep,
      ]);
    },
});
