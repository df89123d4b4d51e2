import { describe, expect } from 'vitest';
import type { Harness } from '../harness.js';
import type { Suite } from '../suite.js';

async function collect(h: Harness): Promise<string[]> {
  const sids = h.driver.sids;
  if (sids === undefined)
    throw new Error('driver.sids is missing although capabilities.iterate is true');
  const out: string[] = [];
  for await (const sid of sids.call(h.driver)) out.push(sid);
  return out;
}

function duplicates(list: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const sid of list) {
    if (seen.has(sid)) twice.push(sid);
    seen.add(sid);
  }
  return twice;
}

/** The optional iteration over every live sid. */
export function iterateClauses(suite: Suite): void {
  if (!suite.options.capabilities.iterate) return;

  describe('iterate', () => {
    suite.test('iterate.each-once', 'yields each of 1,100 live sids exactly once', async (h) => {
      expect(await collect(h), 'sids() of an empty driver').toStrictEqual([]);
      const created = Array.from({ length: 1100 }, () => h.sid());
      for (let i = 0; i < created.length; i += 100) {
        await Promise.all(created.slice(i, i + 100).map((sid) => h.create(sid, [['a', '1']])));
      }
      const yielded = await collect(h);
      expect(duplicates(yielded), 'sids yielded more than once').toStrictEqual([]);
      const missing = created.filter((sid) => !yielded.includes(sid));
      expect(missing.length, 'live sids never yielded').toBe(0);
      expect(yielded.length, 'number of sids yielded').toBe(created.length);
    });

    suite.test(
      'iterate.no-dead',
      'skips destroyed and expired records',
      async (h) => {
        const keep = h.sid();
        const destroyed = h.sid();
        const expiring = h.sid();
        await h.create(keep, [['a', '1']], h.policy(h.idleMs * 10));
        await h.create(destroyed, [['a', '1']], h.policy(h.idleMs * 10));
        await h.create(expiring, [['a', '1']], h.policy(h.idleMs));
        const t1 = h.now();
        await h.driver.destroy([destroyed]);
        await h.waitUntil(t1 + h.idleMs + h.margin);
        expect(await collect(h), 'sids() after one was destroyed and one expired').toStrictEqual([
          keep,
        ]);
      },
      { sleeps: true },
    );
  });
}
