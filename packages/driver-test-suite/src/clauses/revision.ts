import { expect } from 'vitest';
import type { DriverFamily } from '../suite.js';

/** Revisions: always a number; with conditionalUpdate, counted by updates and stable otherwise. */
export const revisionClauses: DriverFamily = (suite) => ({
  'revision.number: read() must report revision as a finite number': async (h) => {
    const sid = h.sid();
    await h.create(sid, { a: '1' });
    const revision = (await h.read(sid))?.revision;
    expect(Number.isFinite(revision), `revision ${String(revision)} is a finite number`).toBe(true);
  },

  ...(suite.has('conditionalUpdate') && {
    'revision.counts: with conditionalUpdate, create() must start the record at revision 1 and every successful update() must add exactly 1: core counts on it to know the revision its own save produced':
      async (h) => {
        const sid = h.sid();
        await h.create(sid, { n: '0' });
        const seen = [(await h.read(sid))?.revision];
        for (let n = 1; n <= 4; n++) {
          await h.update(sid, n % 2 === 0 ? { set: { n: String(n) } } : {});
          seen.push((await h.read(sid))?.revision);
        }
        expect(seen, 'revision after create and after four updates (two empty)').toStrictEqual([
          1, 2, 3, 4, 5,
        ]);
      },

    'revision.stable: with conditionalUpdate, read(), touch() and a refused update() must leave the revision as it was, or every concurrent request would conflict':
      async (h) => {
        const sid = h.sid();
        await h.create(sid, { a: '1' });
        await h.update(sid, { set: { a: '2' } });
        const revision = (await h.read(sid))?.revision ?? Number.NaN;
        await h.touch(sid, h.long());
        await h.read(sid);
        const refused = await h.update(sid, { set: { a: '3' }, ifRevision: revision + 1 });
        expect(refused, 'update() with a wrong ifRevision').toBe('conflict');
        expect((await h.read(sid))?.revision, 'revision after a read, a touch and a refusal').toBe(
          revision,
        );
      },
  }),
});
