import type { UserIndex, UserIndexEntry } from '@vial/core';
import { expect } from 'vitest';
import type { Harness } from '../harness.js';
import type { DriverFamily } from '../suite.js';

const sorted = (entries: readonly UserIndexEntry[]): UserIndexEntry[] =>
  entries
    .map(({ sid, expiresAt }) => ({ sid, expiresAt }))
    .sort((a, b) => (a.sid < b.sid ? -1 : 1));

/**
 * The index, with the suite's clock at `t`: the index is judged by the `now`
 * it is given, whatever the clock mode; on the virtual clock the suite moves
 * its clock there too, as core would.
 */
async function indexAt(h: Harness, t = h.now()): Promise<UserIndex> {
  if (h.virtual) await h.at(t);
  return h.driver.userIndex as UserIndex;
}

/** The optional user index: per-user sids with expiries, pruned by list() and by add(). */
export const userIndexClauses: DriverFamily = () => ({
  'user-index.add-list: userIndex.list() must resolve one entry per added sid with its expiresAt, and [] for a user with none':
    async (h) => {
      const [index, now] = [await indexAt(h), h.now()];
      const entries = [60_000, null, 120_000].map((ms) => ({
        sid: h.sid(),
        expiresAt: ms && now + ms,
      }));
      for (const e of entries) await index.add('user-1', e.sid, e.expiresAt, now);
      const listed = sorted(await index.list('user-1', now));
      expect(listed, 'entries of user-1').toStrictEqual(sorted(entries));
      expect(await index.list('nobody', now), 'entries of a user never added').toStrictEqual([]);
    },
  'user-index.add-updates: userIndex.add() of a sid already listed must replace its expiresAt, not add a second entry':
    async (h) => {
      const [index, now, sid] = [await indexAt(h), h.now(), h.sid()];
      const seen = [];
      for (const expiresAt of [now + 60_000, now + 300_000, null]) {
        await index.add('user-1', sid, expiresAt, now);
        seen.push(...(await index.list('user-1', now)));
      }
      const expected = [now + 60_000, now + 300_000, null].map((expiresAt) => ({ sid, expiresAt }));
      expect(seen, 'the entries after each of three adds of one sid').toStrictEqual(expected);
    },
  'user-index.list-prunes: userIndex.list(userId, now) must leave out entries whose expiresAt is at or before now and remove them from the index in the same step; null never expires':
    async (h) => {
      const [index, base] = [await indexAt(h), h.now()];
      const entries = [1_000, 2_000, 3_000, null].map((ms) => ({
        sid: h.sid(),
        expiresAt: ms && base + ms,
      }));
      for (const e of entries) await index.add('user-1', e.sid, e.expiresAt, base);
      const live = sorted(entries.slice(2));
      await indexAt(h, base + 2_000);
      const listed = sorted(await index.list('user-1', base + 2_000));
      expect(listed, 'entries at the second expiry (at or before now: expired)').toStrictEqual(
        live,
      );
      const again = sorted(await index.list('user-1', base));
      expect(again, 'entries listed again at an earlier now: no pruned one').toStrictEqual(live);
    },
  "user-index.add-prunes: userIndex.add(userId, sid, expiresAt, now) must also remove that user's entries that expired at or before now, so an index only ever added to stays bounded":
    async (h) => {
      const base = h.now();
      let round: UserIndexEntry[] = [];
      for (let r = 0; r < 8; r++) {
        const [index, now] = [await indexAt(h, base + r * 1_000), base + r * 1_000];
        round = Array.from({ length: 10 }, () => ({ sid: h.sid(), expiresAt: now + 500 }));
        for (const e of round) await index.add('churn', e.sid, e.expiresAt, now);
      }
      const listed = sorted(await (await indexAt(h)).list('churn', base));
      expect(
        listed,
        "80 adds in 8 rounds, listed at round 1's now: the last round's",
      ).toStrictEqual(sorted(round));
    },
  'user-index.remove: userIndex.remove() must drop the named sids, keep the others and ignore sids that are not listed':
    async (h) => {
      const [index, now] = [await indexAt(h), h.now()];
      const [a, b, c] = [h.sid(), h.sid(), h.sid()];
      for (const sid of [a, b, c]) await index.add('user-1', sid, null, now);
      await index.remove('user-1', [a, c, h.sid()]);
      await index.remove('user-1', []);
      await index.remove('nobody', [b]);
      const listed = await index.list('user-1', now);
      expect(listed, 'entries after removing two').toStrictEqual([{ sid: b, expiresAt: null }]);
    },
  "user-index.isolation: one user's index must never show or change another's, whatever the user ids contain ('{', ':', unicode, '')":
    async (h) => {
      const [index, now] = [await indexAt(h), h.now()];
      const users = ['u1', 'u1:x', '{u1}', 'u{1}', 'ü1', '', '*', 'u1 '];
      const sids = users.map(() => h.sid());
      for (const [i, user] of users.entries()) await index.add(user, sids[i] ?? '', null, now);
      await index.remove('u1', [sids[1] ?? '']);
      const listed = [];
      for (const user of users) listed.push((await index.list(user, now)).map((e) => e.sid));
      expect(listed, `entries of ${JSON.stringify(users)}`).toStrictEqual(sids.map((s) => [s]));
    },
});
