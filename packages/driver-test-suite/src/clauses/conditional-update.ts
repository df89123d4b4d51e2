import { describe, expect } from 'vitest';
import type { Suite } from '../suite.js';

/** Optimistic concurrency: `ifRevision` makes an update apply only to the revision it was based on. */
export function conditionalUpdateClauses(suite: Suite): void {
  if (!suite.options.capabilities.conditionalUpdate) return;

  describe('conditional update', () => {
    suite.test(
      'conditional-update.match',
      'applies an update whose ifRevision is the current revision',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [['a', '1']]);
        const revision = (await h.read(sid))?.revision ?? Number.NaN;
        expect(
          await h.update(sid, { set: [['a', '2']], ifRevision: revision }),
          'update() with the current revision',
        ).toBe('ok');
        const next = (await h.read(sid))?.revision ?? Number.NaN;
        expect(
          await h.update(sid, { set: [['b', '3']], ifRevision: next }),
          'a second update() with the new revision',
        ).toBe('ok');
        expect(await h.fieldsOf(sid), 'fields after both updates').toStrictEqual([
          ['a', '2'],
          ['b', '3'],
        ]);
      },
    );

    suite.test(
      'conditional-update.conflict',
      'answers "conflict" to a stale ifRevision and changes nothing',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [['a', '1']]);
        const loaded = (await h.read(sid))?.revision ?? Number.NaN;
        await h.update(sid, { set: [['a', '2']] });
        const before = await h.read(sid);
        const answer = await h.update(sid, {
          set: [['a', 'stale']],
          del: ['a'],
          expiry: h.policy(h.idleMs * 10),
          ifRevision: loaded,
        });
        expect(answer, 'update() based on a revision that is no longer current').toBe('conflict');
        const after = await h.read(sid);
        expect([...(after?.fields ?? [])], 'fields after the refused update').toStrictEqual([
          ['a', '2'],
        ]);
        expect(after?.expiresAt, 'expiresAt after the refused update').toBe(before?.expiresAt);
        expect(after?.revision, 'revision after the refused update').toBe(before?.revision);
      },
    );

    suite.test(
      'conditional-update.gone-first',
      'answers "gone", not "conflict", for a destroyed record and writes nothing',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [['a', '1']]);
        const revision = (await h.read(sid))?.revision ?? Number.NaN;
        await h.driver.destroy([sid]);
        expect(
          await h.update(sid, { set: [['a', '2']], ifRevision: revision }),
          'update() with the last revision',
        ).toBe('gone');
        expect(
          await h.update(sid, { set: [['a', '2']], ifRevision: revision + 1 }),
          'update() with another revision',
        ).toBe('gone');
        expect(await h.read(sid), 'read() afterwards').toBeNull();
      },
    );

    suite.test(
      'conditional-update.race',
      'lets exactly one of 20 concurrent updates based on one revision win',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [['a', '1']]);
        const revision = (await h.read(sid))?.revision ?? Number.NaN;
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            h.update(sid, { set: [[`f${i}`, 'x']], ifRevision: revision }),
          ),
        );
        const count = (a: string) => answers.filter((x) => x === a).length;
        expect(
          { ok: count('ok'), conflict: count('conflict') },
          'answers of 20 racing updates',
        ).toStrictEqual({
          ok: 1,
          conflict: 19,
        });
        expect((await h.read(sid))?.fields.size, "fields: the original one and the winner's").toBe(
          2,
        );
      },
    );
  });
}
