import type { UserIndex, UserIndexEntry } from '@vial/core';
import { describe, expect } from 'vitest';
import type { Harness } from '../harness.js';
import type { Suite } from '../suite.js';

function indexOf(h: Harness): UserIndex {
  const index = h.driver.userIndex;
  if (index === undefined)
    throw new Error('driver.userIndex is missing although capabilities.userIndex is true');
  return index;
}

function sorted(entries: readonly UserIndexEntry[]): { sid: string; expiresAt: number | null }[] {
  return entries
    .map((e) => ({ sid: e.sid, expiresAt: e.expiresAt }))
    .sort((a, b) => (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0));
}

/**
 * `now` for a user index call. The index is judged by the `now` it is given;
 * on the virtual clock the suite also moves its clock there, as core would.
 */
async function at(h: Harness, t: number): Promise<number> {
  if (h.mode === 'virtual') await h.waitUntil(t);
  return t;
}

/** The optional user index: a per-user set of sids with expiries, pruned on listing. */
export function userIndexClauses(suite: Suite): void {
  if (!suite.options.capabilities.userIndex) return;

  describe('user index', () => {
    suite.test(
      'user-index.add-list',
      'lists one entry per added sid, with its expiry',
      async (h) => {
        const index = indexOf(h);
        const base = h.now();
        const [a, b, c] = [h.sid(), h.sid(), h.sid()];
        await index.add('user-1', a, base + 60_000, base);
        await index.add('user-1', b, null, base);
        await index.add('user-1', c, base + 120_000, base);
        expect(sorted(await index.list('user-1', base)), 'entries of user-1').toStrictEqual(
          sorted([
            { sid: a, expiresAt: base + 60_000 },
            { sid: b, expiresAt: null },
            { sid: c, expiresAt: base + 120_000 },
          ]),
        );
        expect(await index.list('nobody', base), 'entries of a user never added').toStrictEqual([]);
      },
    );

    suite.test(
      'user-index.add-updates',
      'replaces the expiry of a sid added twice instead of listing it twice',
      async (h) => {
        const index = indexOf(h);
        const base = h.now();
        const sid = h.sid();
        await index.add('user-1', sid, base + 60_000, base);
        await index.add('user-1', sid, base + 300_000, base);
        expect(
          await index.list('user-1', base),
          'entries after adding one sid twice',
        ).toStrictEqual([{ sid, expiresAt: base + 300_000 }]);
        await index.add('user-1', sid, null, base);
        expect(
          await index.list('user-1', base),
          'entries after re-adding it without expiry',
        ).toStrictEqual([{ sid, expiresAt: null }]);
      },
    );

    suite.test(
      'user-index.prune',
      'leaves out and removes entries that expire at or before now, and never prunes null',
      async (h) => {
        const index = indexOf(h);
        const base = h.now();
        const [soon, exact, later, never] = [h.sid(), h.sid(), h.sid(), h.sid()];
        await index.add('user-1', soon, base + 1_000, base);
        await index.add('user-1', exact, base + 2_000, base);
        await index.add('user-1', later, base + 3_000, base);
        await index.add('user-1', never, null, base);
        const listed = await index.list('user-1', await at(h, base + 2_000));
        const expected = sorted([
          { sid: later, expiresAt: base + 3_000 },
          { sid: never, expiresAt: null },
        ]);
        expect(
          sorted(listed),
          'entries at now = the expiry of the second (at or before now is expired)',
        ).toStrictEqual(expected);
        expect(
          sorted(await index.list('user-1', base)),
          'entries listed again at an earlier now: pruned ones must be gone',
        ).toStrictEqual(expected);
      },
    );

    suite.test(
      'user-index.bounded',
      'holds only the live sessions after many have come and expired',
      async (h) => {
        const index = indexOf(h);
        const base = h.now();
        let live: { sid: string; expiresAt: number }[] = [];
        for (let round = 0; round < 20; round++) {
          const now = await at(h, base + round * 1_000);
          live = Array.from({ length: 25 }, () => ({ sid: h.sid(), expiresAt: now + 500 }));
          await Promise.all(live.map((e) => index.add('churn', e.sid, e.expiresAt, now)));
          if (round % 5 === 4) await index.list('churn', now);
        }
        const end = base + 19 * 1_000;
        expect(
          sorted(await index.list('churn', end)),
          'entries after 500 sessions, 475 of them expired',
        ).toStrictEqual(sorted(live));
        expect(
          (await index.list('churn', base)).length,
          "entries when asked again at the first round's now",
        ).toBe(25);
      },
    );

    suite.test(
      'user-index.remove',
      'removes the named sids, keeps the others and ignores unknown ones',
      async (h) => {
        const index = indexOf(h);
        const base = h.now();
        const [a, b, c] = [h.sid(), h.sid(), h.sid()];
        for (const sid of [a, b, c]) await index.add('user-1', sid, base + 60_000, base);
        await index.remove('user-1', [a, c, h.sid()]);
        await index.remove('user-1', []);
        await index.remove('nobody', [b]);
        expect(await index.list('user-1', base), 'entries after removing two').toStrictEqual([
          { sid: b, expiresAt: base + 60_000 },
        ]);
      },
    );

    suite.test(
      'user-index.isolation',
      "keeps users apart whatever their ids contain: '{', ':', unicode, ''",
      async (h) => {
        const index = indexOf(h);
        const base = h.now();
        const users = ['u1', 'u1:x', '{u1}', 'u{1}', 'ü1', '', '*', 'u1 '];
        const sids = new Map(users.map((u) => [u, h.sid()]));
        for (const [user, sid] of sids) await index.add(user, sid, base + 60_000, base);
        await index.remove('u1', [sids.get('u1:x') ?? '']);
        for (const [user, sid] of sids) {
          expect(
            await index.list(user, base),
            `entries of user ${JSON.stringify(user)}`,
          ).toStrictEqual([{ sid, expiresAt: base + 60_000 }]);
        }
      },
    );
  });
}
