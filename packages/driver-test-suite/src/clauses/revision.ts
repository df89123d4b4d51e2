import { describe, expect } from 'vitest';
import type { Suite } from '../suite.js';

/** Revisions: always a number; with conditionalUpdate, new on every write and stable otherwise. */
export function revisionClauses(suite: Suite): void {
  describe('revision', () => {
    suite.test('revision.number', 'reports the revision as a finite number', async (h) => {
      const sid = h.sid();
      await h.create(sid, [['a', '1']]);
      const revision = (await h.read(sid))?.revision;
      expect(revision, 'revision').toBeTypeOf('number');
      expect(Number.isFinite(revision), `revision ${String(revision)} is finite`).toBe(true);
    });

    if (!suite.options.capabilities.conditionalUpdate) return;

    suite.test(
      'revision.changes',
      'starts a record at revision 1 and adds exactly 1 on every successful update',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [['n', '0']]);
        expect((await h.read(sid))?.revision, 'revision after create').toBe(1);
        for (let n = 1; n <= 5; n++) {
          await h.update(sid, n % 2 === 0 ? { set: [['n', String(n)]] } : {});
          expect(
            (await h.read(sid))?.revision,
            `revision after update #${n} (empty deltas count too)`,
          ).toBe(n + 1);
        }
      },
    );

    suite.test(
      'revision.stable',
      'keeps the revision across reads, touches and refused updates',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [['a', '1']]);
        const revision = (await h.read(sid))?.revision ?? Number.NaN;
        expect((await h.read(sid, true))?.revision, 'revision after a read with touch').toBe(
          revision,
        );
        expect((await h.read(sid, false))?.revision, 'revision after a read without touch').toBe(
          revision,
        );
        const stale = await h.update(sid, { set: [['a', '2']], ifRevision: revision + 1 });
        expect(stale, 'update() with a wrong ifRevision').toBe('conflict');
        expect((await h.read(sid))?.revision, 'revision after a refused update').toBe(revision);
      },
    );
  });
}
