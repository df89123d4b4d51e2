import { SessionGoneError, type Vial } from '@vial/core';
import { describe, expect, it } from 'vitest';
import type { DescribeDriverOptions } from '../options.js';
import { vialContext } from './context.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function signIn(vial: Vial, userId: string, userAgent = 'test') {
  const s = vial.session();
  s.userId = userId;
  s.setDetails({ userAgent });
  await s.save();
  return s;
}

/** Sessions bound to users, listed and revoked through Vial (needs `userIndex`). */
export function userChecks(options: DescribeDriverOptions): void {
  describe('sessions bound to users, through Vial', () => {
    it('lists each live session of a user with metadata and never a token', async () => {
      const { vial, driver } = await vialContext(options);
      const a = await signIn(vial, 'ada', 'Firefox');
      const b = await signIn(vial, 'ada', 'Safari');
      await signIn(vial, 'bob');
      const listed = await vial.sessionsOf('ada');
      expect(listed.map((s) => s.sid).sort()).toEqual([a.sid, b.sid].sort());
      expect(listed.map((s) => s.details.userAgent).sort()).toEqual(['Firefox', 'Safari']);
      const text = JSON.stringify(listed);
      for (const token of [a.id, b.id]) expect(text).not.toContain(token?.split('.')[1]);
      await driver.close?.();
    });

    it('moves a rebound session between users', async () => {
      const { vial, driver } = await vialContext(options);
      const s = await signIn(vial, 'ada');
      s.userId = 'bob';
      await s.save();
      expect(await vial.sessionsOf('ada')).toEqual([]);
      expect((await vial.sessionsOf('bob')).map((x) => x.sid)).toEqual([s.sid]);
      await driver.close?.();
    });

    it('revokes every session of a user, or every one but the current', async () => {
      const { vial, driver } = await vialContext(options);
      const current = await signIn(vial, 'ada');
      const others = [await signIn(vial, 'ada'), await signIn(vial, 'ada')];
      expect(await vial.revokeUser('ada', { except: current })).toBe(2);
      for (const other of others) expect((await vial.load(other.id)).isNew).toBe(true);
      expect((await vial.load(current.id)).userId).toBe('ada');
      expect(await vial.revokeUser('ada')).toBe(1);
      expect((await vial.load(current.id)).isNew).toBe(true);
      expect(await vial.sessionsOf('ada')).toEqual([]);
      await driver.close?.();
    });

    it('revokes one listed session by its sid', async () => {
      const { vial, driver } = await vialContext(options);
      const a = await signIn(vial, 'ada');
      const b = await signIn(vial, 'ada');
      expect(await vial.revoke(a.sid as string)).toBe(true);
      expect((await vial.load(a.id)).isNew).toBe(true);
      expect((await vial.sessionsOf('ada')).map((s) => s.sid)).toEqual([b.sid]);
      await driver.close?.();
    });

    it('makes a request in flight fail with SessionGoneError after revocation', async () => {
      const { vial, driver } = await vialContext(options);
      const s = await signIn(vial, 'ada');
      const inFlight = await vial.load(s.id);
      await vial.revokeUser('ada');
      inFlight.set('cart', ['x']);
      await expect(inFlight.save()).rejects.toBeInstanceOf(SessionGoneError);
      expect((await vial.load(s.id)).isNew).toBe(true);
      expect(await vial.sessionsOf('ada')).toEqual([]);
      await driver.close?.();
    });

    it('keeps a sliding bound session listed however long it stays active', async () => {
      const { driver, withOptions, advance } = await vialContext(options);
      const vial = withOptions({ ttl: '1h' });
      const s = await signIn(vial, 'ada');
      for (let i = 0; i < 8; i++) {
        advance(50 * 60_000);
        expect((await vial.load(s.id)).isNew).toBe(false);
        expect((await vial.sessionsOf('ada')).map((x) => x.sid)).toEqual([s.sid]);
      }
      await driver.close?.();
    });

    it('lets expired sessions leave the index by themselves', async () => {
      const { driver, withOptions, advance } = await vialContext(options);
      const vial = withOptions({ ttl: '1h' });
      for (let i = 0; i < 10; i++) await signIn(vial, 'ada');
      advance(3 * HOUR);
      expect(await vial.sessionsOf('ada')).toEqual([]);
      expect(await driver.userIndex?.list('ada', Date.now() + 3 * HOUR)).toEqual([]);
      await driver.close?.();
    });

    it('gives bound sessions userTtl ("remember me"), capped by maxAge', async () => {
      const { driver, withOptions, advance } = await vialContext(options);
      const vial = withOptions({ ttl: '1h', userTtl: '30d', maxAge: '60d' });
      const bound = await signIn(vial, 'ada');
      const anonymous = vial.session();
      await anonymous.save();
      advance(2 * DAY);
      expect((await vial.load(anonymous.id)).isNew).toBe(true);
      const loaded = await vial.load(bound.id);
      expect(loaded.userId).toBe('ada');
      const expiresAt = loaded.expiresAt?.getTime();
      expect(expiresAt).toBe(loaded.lastAccessedAt.getTime() + 30 * DAY);
      const [listed] = await vial.sessionsOf('ada');
      expect(listed?.expiresAt?.getTime()).toBe(expiresAt);
      advance(29 * DAY);
      expect((await vial.load(bound.id)).expiresAt?.getTime()).toBe(
        bound.createdAt.getTime() + 60 * DAY,
      );
      await driver.close?.();
    });
  });
}
