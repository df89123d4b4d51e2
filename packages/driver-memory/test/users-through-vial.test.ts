import { SessionGoneError, Vial } from '@vial/core';
import { describe, expect, it } from 'vitest';
import { memoryDriver } from '../src/index.js';

function setup(options: Record<string, unknown> = {}) {
  let now = Date.UTC(2026, 10, 26, 12);
  const clock = { advance: (ms: number) => (now += ms) };
  const driver = memoryDriver({ clock: () => now, sweepIntervalMs: false });
  return { vial: new Vial({ driver, ...options }), clock, driver };
}

async function signIn(vial: Vial, userId: string, userAgent = 'test') {
  const s = vial.session();
  s.userId = userId;
  s.setDetails({ userAgent });
  await s.save();
  return s;
}

describe('sessions bound to users, through Vial on the memory driver', () => {
  it('lists each live session of a user with metadata and no token', async () => {
    const { vial } = setup();
    const a = await signIn(vial, 'ada', 'Firefox');
    const b = await signIn(vial, 'ada', 'Safari');
    await signIn(vial, 'bob');
    const listed = await vial.sessionsOf('ada');
    expect(listed.map((s) => s.sid).sort()).toEqual([a.sid, b.sid].sort());
    expect(listed.map((s) => s.details.userAgent).sort()).toEqual(['Firefox', 'Safari']);
    const text = JSON.stringify(listed);
    expect(text).not.toContain(a.id?.split('.')[1]);
    expect(text).not.toContain(b.id?.split('.')[1]);
  });

  it('moves a rebound session between users', async () => {
    const { vial } = setup();
    const s = await signIn(vial, 'ada');
    s.userId = 'bob';
    await s.save();
    expect(await vial.sessionsOf('ada')).toEqual([]);
    expect((await vial.sessionsOf('bob')).map((x) => x.sid)).toEqual([s.sid]);
  });

  it('revokes every session of a user, or every one but the current', async () => {
    const { vial } = setup();
    const current = await signIn(vial, 'ada');
    const other = await signIn(vial, 'ada');
    const third = await signIn(vial, 'ada');
    expect(await vial.revokeUser('ada', { except: current })).toBe(2);
    expect((await vial.load(other.id)).isNew).toBe(true);
    expect((await vial.load(third.id)).isNew).toBe(true);
    expect((await vial.load(current.id)).userId).toBe('ada');
    expect(await vial.revokeUser('ada')).toBe(1);
    expect((await vial.load(current.id)).isNew).toBe(true);
    expect(await vial.sessionsOf('ada')).toEqual([]);
  });

  it('revokes one listed session by its sid', async () => {
    const { vial } = setup();
    const a = await signIn(vial, 'ada');
    const b = await signIn(vial, 'ada');
    const [first] = (await vial.sessionsOf('ada')).filter((s) => s.sid === a.sid);
    expect(await vial.revoke(first?.sid as string)).toBe(true);
    expect((await vial.load(a.id)).isNew).toBe(true);
    expect((await vial.sessionsOf('ada')).map((s) => s.sid)).toEqual([b.sid]);
  });

  it('makes a request in flight fail with SessionGoneError after revocation, never resurrecting', async () => {
    const { vial } = setup();
    const s = await signIn(vial, 'ada');
    const inFlight = await vial.load(s.id);
    await vial.revokeUser('ada');
    inFlight.set('cart', ['x']);
    await expect(inFlight.save()).rejects.toBeInstanceOf(SessionGoneError);
    expect((await vial.load(s.id)).isNew).toBe(true);
    expect(await vial.sessionsOf('ada')).toEqual([]);
  });

  it('keeps a sliding bound session listed however long it stays active', async () => {
    const { vial, clock } = setup({ ttl: '1h' });
    const s = await signIn(vial, 'ada');
    for (let i = 0; i < 30; i++) {
      clock.advance(50 * 60_000);
      expect((await vial.load(s.id)).isNew).toBe(false);
      expect((await vial.sessionsOf('ada')).map((x) => x.sid)).toEqual([s.sid]);
    }
  });

  it('lets expired sessions leave the index by themselves', async () => {
    const { vial, clock, driver } = setup({ ttl: '1h' });
    for (let i = 0; i < 20; i++) await signIn(vial, 'ada');
    clock.advance(3 * 3_600_000);
    expect(await vial.sessionsOf('ada')).toEqual([]);
    expect(await driver.userIndex?.list('ada', Date.UTC(2026, 10, 26, 15))).toEqual([]);
  });

  it('applies userTtl to bound sessions ("remember me"), capped by maxAge', async () => {
    const { vial, clock } = setup({ ttl: '1h', userTtl: '30d', maxAge: '60d' });
    const bound = await signIn(vial, 'ada');
    const anonymous = vial.session();
    await anonymous.save();
    clock.advance(2 * 86_400_000);
    expect((await vial.load(anonymous.id)).isNew).toBe(true);
    expect((await vial.load(bound.id)).userId).toBe('ada');
    const [listed] = await vial.sessionsOf('ada');
    expect(listed?.expiresAt?.getTime()).toBe(bound.createdAt.getTime() + 32 * 86_400_000);
  });

  it('reports when a listed session was last used', async () => {
    const { vial, clock } = setup({ ttl: '1h' });
    const s = await signIn(vial, 'ada');
    clock.advance(10 * 60_000);
    const seenAt = (await vial.load(s.id)).lastAccessedAt.getTime();
    clock.advance(5 * 60_000);
    const [listed] = await vial.sessionsOf('ada');
    expect(listed?.lastAccessedAt.getTime()).toBe(seenAt);
    expect(listed?.createdAt.getTime()).toBe(s.createdAt.getTime());
  });
});
