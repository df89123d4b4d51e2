import { randomBytes } from 'node:crypto';
import type { Session } from '@vial/core';
import { expect } from 'vitest';
import { stateOf } from '../harness.js';
import type { VialFamily } from './context.js';
import { signIn } from './users.js';

const MINUTE = 60_000;

/** A token with a session's real sid and a made-up secret of the right shape. */
const forged = (s: Session) => `${s.sid}.${randomBytes(16).toString('base64url')}`;

/** Verify before write: a token whose secret does not match changes nothing in storage. */
export const forgedClauses: VialFamily = () => ({
  "vial.forged-load: loads with a session's sid and a made-up secret must change nothing in storage: one read each, no write, and the record's fields, expiry and revision as they were":
    async ({ withOptions, driver, calls, advance, now }) => {
      const vial = withOptions({ ttl: '1h' });
      const s = vial.session().set('cart', ['tea']);
      await s.save();
      const stored = async () => stateOf(await driver.read(s.sid as string, { now: now() }));
      const before = await stored();
      calls.length = 0;
      for (let i = 0; i < 3; i++) {
        advance(10 * MINUTE);
        expect((await vial.load(forged(s))).isNew, 'a forged load').toBe(true);
      }
      expect(calls, 'driver calls of three forged loads').toStrictEqual(['read', 'read', 'read']);
      expect(await stored(), 'the record').toStrictEqual(before);
    },
});

/** The attack of issue 12: forged loads kept a stolen session alive past "sign out everywhere else". */
export const revokeAttackClauses: VialFamily = () => ({
  "vial.revoke-attack: forged loads every 50 minutes must never move a bound session's expiry: one only they touch expires on time, and one its holder keeps using stays listed and is ended by revokeUser(user, { except }), after which its stolen token opens nothing":
    async ({ withOptions, driver, calls, advance, now }) => {
      const vial = withOptions({ ttl: '30m', userTtl: '1h' });
      const [current, used, idle] = [
        await signIn(vial, 'ada'),
        await signIn(vial, 'ada'),
        await signIn(vial, 'ada'),
      ];
      const idleExpiry = async () =>
        (await driver.read(idle.sid as string, { now: now() }))?.expiresAt;
      const first = await idleExpiry();
      for (let round = 1; round <= 3; round++) {
        advance(50 * MINUTE);
        calls.length = 0;
        const opened = [
          (await vial.load(forged(used))).isNew,
          (await vial.load(forged(idle))).isNew,
        ];
        expect(
          [opened, calls],
          `forged loads, round ${round}: new sessions, one read each`,
        ).toStrictEqual([
          [true, true],
          ['read', 'read'],
        ]);
        expect(await idleExpiry(), `the idle session's stored expiry, round ${round}`).toBe(
          round === 1 ? first : undefined,
        );
        const real = [(await vial.load(current.id)).userId, (await vial.load(used.id)).userId];
        expect(real, `loads by the real tokens, round ${round}`).toStrictEqual(['ada', 'ada']);
      }
      expect((await vial.load(idle.id)).isNew, 'the idle session, by its own token').toBe(true);
      const listed = (await vial.sessionsOf('ada')).map((x) => x.sid).sort();
      expect(listed, 'sessions of the user').toStrictEqual([current.sid, used.sid].sort());
      expect(await vial.revokeUser('ada', { except: current }), 'revoked').toBeGreaterThanOrEqual(
        1,
      );
      expect((await vial.load(used.id)).isNew, 'the stolen token, after revokeUser').toBe(true);
      expect((await vial.load(current.id)).userId, 'the session kept').toBe('ada');
    },
});
