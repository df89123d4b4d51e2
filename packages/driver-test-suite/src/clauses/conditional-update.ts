import { expect } from 'vitest';
import type { DriverFamily } from '../suite.js';

/** Optimistic concurrency: `ifRevision` makes an update apply only to the revision it was based on. */
export const conditionalUpdateClauses: DriverFamily = () => ({
  'conditional-update.match: update() with ifRevision equal to the current revision must resolve "ok" and apply':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { a: '1' });
      const answers = [];
      for (const set of [{ a: '2' }, { b: '3' }] as Record<string, string>[]) {
        const ifRevision = (await h.read(sid))?.revision;
        answers.push(await h.update(sid, { set, ifRevision }));
      }
      expect(answers, 'two updates, each with the current revision').toStrictEqual(['ok', 'ok']);
      await h.expectFields(sid, { a: '2', b: '3' }, 'fields after both updates');
    },
  'conditional-update.conflict: update() with an ifRevision that is not the current revision must resolve "conflict" and change nothing: fields, expiry and revision':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { a: '1' });
      const ifRevision = (await h.read(sid))?.revision;
      await h.update(sid, { set: { a: '2' } });
      const before = await h.state(sid);
      const stale = { set: { a: 'stale' }, del: ['a'], expiresAt: h.long() + 9, ifRevision };
      expect(await h.update(sid, stale), 'update() with a revision no longer current').toBe(
        'conflict',
      );
      expect(await h.state(sid), 'the record after the refused update').toStrictEqual(before);
    },
  'conditional-update.gone-first: update() with ifRevision of a destroyed record must resolve "gone", not "conflict", and write nothing':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { a: '1' });
      const revision = (await h.read(sid))?.revision ?? 1;
      await h.destroy([sid]);
      const answers = [];
      for (const ifRevision of [revision, revision + 1]) {
        answers.push(await h.update(sid, { set: { a: '2' }, ifRevision }));
      }
      expect(answers, 'update() with the last revision, and with another').toStrictEqual([
        'gone',
        'gone',
      ]);
      expect(await h.read(sid), 'read() afterwards').toBeNull();
    },
  'conditional-update.race: concurrent update() calls with the same ifRevision must resolve "ok" exactly once and "conflict" for the rest':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { a: '1' });
      const ifRevision = (await h.read(sid))?.revision;
      const racing = Array.from({ length: 20 }, (_, i) =>
        h.update(sid, { set: { [`f${i}`]: 'x' }, ifRevision }),
      );
      const answers = await Promise.all(racing);
      const count = (a: string) => answers.filter((x) => x === a).length;
      const tally = { ok: count('ok'), conflict: count('conflict') };
      expect(tally, 'answers of 20 racing updates').toStrictEqual({ ok: 1, conflict: 19 });
      expect((await h.read(sid))?.fields.size, "fields: the original one and the winner's").toBe(2);
    },
});
