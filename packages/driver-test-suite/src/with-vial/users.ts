import type { Session, Vial } from '@vial/core';
import { expect } from 'vitest';
import { ended } from '../operations.js';
import type { VialFamily } from './context.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A new session bound to `userId`, saved. */
export async function signIn(vial: Vial, userId: string, userAgent = 'test') {
  const s = vial.session();
  s.userId = userId;
  s.setDetails({ userAgent });
  await s.save();
  return s;
}

const sidsOf = async (vial: Vial, userId: string) =>
  (await vial.sessionsOf(userId)).map((s) => s.sid).sort();

const isOpen = async (vial: Vial, token: string | null) => !(await vial.load(token)).isNew;

/** Sessions bound to users, listed and revoked through Vial (needs `userIndex`). */
export const userClauses: VialFamily = () => ({
  'vial.users-list: sessionsOf() must list each live session of the user with its details, and never a token':
    async ({ vial }) => {
      const [a, b] = [await signIn(vial, 'ada', 'Firefox'), await signIn(vial, 'ada', 'Safari')];
      await signIn(vial, 'bob');
      const listed = await vial.sessionsOf('ada');
      const seen = listed.map((s) => `${s.sid} ${s.details.userAgent}`).sort();
      expect(seen, 'sids and details listed').toStrictEqual(
        [`${a.sid} Firefox`, `${b.sid} Safari`].sort(),
      );
      const text = JSON.stringify(listed);
      for (const s of [a, b]) expect(text, 'the listing').not.toContain(s.id?.split('.')[1]);
    },
  "vial.users-rebind: a session bound to another user must move from the first user's sessions to the second's":
    async ({ vial }) => {
      const s = await signIn(vial, 'ada');
      s.userId = 'bob';
      await s.save();
      const listed = [await sidsOf(vial, 'ada'), await sidsOf(vial, 'bob')];
      expect(listed, 'sessions of the first user, of the second').toStrictEqual([[], [s.sid]]);
    },
  'vial.users-revoke: revokeUser() must end every session of the user, or every one but the session in `except`, and count them; revoke(sid) must end that one session':
    async ({ vial }) => {
      const all = await Promise.all([1, 2, 3, 4].map(() => signIn(vial, 'ada')));
      const [current] = all as [Session];
      expect(await vial.revoke(all[3]?.sid as string), 'revoke() of one session').toBe(true);
      expect(await vial.revokeUser('ada', { except: current }), 'revokeUser() but one').toBe(2);
      const open = (await Promise.all(all.map((s) => isOpen(vial, s.id)))).join();
      expect(open, 'which open: the one kept, the three revoked').toBe('true,false,false,false');
      expect(await vial.revokeUser('ada'), 'revokeUser() of the rest').toBe(1);
      expect(await isOpen(vial, current.id), 'the last session, revoked').toBe(false);
      expect(await sidsOf(vial, 'ada'), 'sessions left').toStrictEqual([]);
    },
  'vial.users-in-flight: a save of a session that was revoked while a request held it must fail with SessionGoneError and bring nothing back':
    async ({ vial }) => {
      const s = await signIn(vial, 'ada');
      const inFlight = await vial.load(s.id);
      await vial.revokeUser('ada');
      expect(await ended(inFlight.set('cart', ['x']).save()), 'the save').toBe('SessionGoneError');
      expect(await isOpen(vial, s.id), 'the revoked session opens').toBe(false);
      expect(await sidsOf(vial, 'ada'), 'sessions of the user').toStrictEqual([]);
    },
  'vial.users-sliding: a bound session used every 50 minutes, with ttl 1h, must stay open and listed however long it is used':
    async ({ withOptions, advance }) => {
      const vial = withOptions({ ttl: '1h' });
      const s = await signIn(vial, 'ada');
      for (let i = 1; i <= 8; i++) {
        advance(50 * 60_000);
        const seen = [await isOpen(vial, s.id), await sidsOf(vial, 'ada')];
        expect(seen, `opens, and is listed, after ${i * 50} minutes`).toStrictEqual([
          true,
          [s.sid],
        ]);
      }
    },
  'vial.users-expire: expired sessions must leave the user index by themselves': async (ctx) => {
    const vial = ctx.withOptions({ ttl: '1h' });
    for (let i = 0; i < 10; i++) await signIn(vial, 'ada');
    ctx.advance(3 * HOUR);
    expect(await vial.sessionsOf('ada'), 'sessions after 3 hours').toStrictEqual([]);
    expect(await ctx.driver.userIndex?.list('ada', ctx.now()), 'the index then').toStrictEqual([]);
  },
  'vial.users-user-ttl: a bound session must live by userTtl ("remember me") and an anonymous one by ttl, both capped by maxAge':
    async ({ withOptions, advance }) => {
      const vial = withOptions({ ttl: '1h', userTtl: '30d', maxAge: '60d' });
      const bound = await signIn(vial, 'ada');
      const anonymous = await vial
        .session()
        .save()
        .then(() => vial.session());
      const created = bound.createdAt.getTime();
      advance(2 * DAY);
      expect(await isOpen(vial, anonymous.id), 'an anonymous session after 2 days').toBe(false);
      const loaded = await vial.load(bound.id);
      const expiresAt = loaded.expiresAt?.getTime();
      expect(expiresAt, 'the bound one after 2 days: 30 days on').toBe(
        loaded.lastAccessedAt.getTime() + 30 * DAY,
      );
      expect((await vial.sessionsOf('ada'))[0]?.expiresAt?.getTime(), 'as listed').toBe(expiresAt);
      advance(29 * DAY);
      expect((await vial.load(bound.id)).expiresAt?.getTime(), 'after 31 days: maxAge').toBe(
        created + 60 * DAY,
      );
    },
});
