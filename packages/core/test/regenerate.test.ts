import { describe, expect, it } from 'vitest';
import { GraceSessionError, SessionGoneError, Vial } from '../src/index.js';
import { mapDriverWithClock } from './support/map-driver.js';

function setup(options: Record<string, unknown> = {}) {
  const { driver, clock } = mapDriverWithClock();
  return { vial: new Vial({ driver, ...options }), driver, clock };
}

async function signedIn(vial: Vial, userId = 'ada') {
  const s = vial.session();
  s.set('cart', ['espresso']);
  s.userId = userId;
  await s.save();
  return s;
}

describe('regenerate()', () => {
  it('moves the session to a new sid and secret, with its data, in one round trip', async () => {
    const { vial, driver } = setup();
    const s = vial.session();
    s.set('user', 'ada');
    await s.save();
    const old = s.id as string;
    s.set('role', 'admin');
    driver.calls.length = 0;
    await s.regenerate();
    expect(driver.calls).toEqual(['create', 'destroy']);
    expect(s.sid).not.toBe(old.split('.')[0]);
    expect(s.id?.split('.')[1]).not.toBe(old.split('.')[1]);
    expect((await vial.load(s.id)).toJSON()).toEqual({ user: 'ada', role: 'admin' });
    expect((await vial.load(old)).isNew).toBe(true);
    expect(driver.records.size).toBe(1);
  });

  it('of a new session simply stores it with a fresh token', async () => {
    const { vial } = setup();
    const s = vial.session();
    s.set('a', 1);
    await s.regenerate();
    expect((await vial.load(s.id)).get('a')).toBe(1);
  });

  it('of a session destroyed elsewhere fails and brings nothing back', async () => {
    const { vial, driver } = setup();
    const s = vial.session();
    s.set('a', 1);
    await s.save();
    await (await vial.load(s.id)).destroy();
    await expect(s.regenerate()).rejects.toBeInstanceOf(SessionGoneError);
    expect(driver.records.size).toBe(0);
    expect(s.isDestroyed).toBe(true);
  });

  it('keeps the previous token of a bound session for the grace window only', async () => {
    const { vial, clock } = setup({ regenerateGrace: 10 });
    const s = await signedIn(vial);
    const old = s.id as string;
    await s.regenerate();
    clock.now += 9_000;
    const inFlight = await vial.load(old);
    expect([inFlight.isNew, inFlight.userId, inFlight.sid]).toEqual([false, 'ada', s.sid]);
    inFlight.set('seen', true);
    await inFlight.save();
    expect((await vial.load(s.id)).get('seen')).toBe(true);
    clock.now += 1_000;
    expect((await vial.load(old)).isNew).toBe(true);
    expect((await vial.load(s.id)).userId).toBe('ada');
  });

  it('never lets a token planted before sign-in open the signed-in session, grace or not', async () => {
    for (const regenerateGrace of [false, '30s'] as const) {
      const { vial } = setup({ regenerateGrace });
      const planted = vial.session();
      planted.set('csrf', 'x');
      await planted.save();
      const plantedToken = planted.id as string;
      // The victim signs in: binds the user and regenerates, as the README says.
      const victim = await vial.load(plantedToken);
      victim.userId = 'victim';
      await victim.regenerate();
      const attacker = await vial.load(plantedToken);
      expect(attacker.isNew).toBe(true);
      expect(attacker.userId).toBeNull();
      // passport's order: regenerate first, bind afterwards.
      const second = vial.session();
      await second.save();
      const early = second.id as string;
      const signingIn = await vial.load(early);
      await signingIn.regenerate();
      signingIn.userId = 'victim';
      await signingIn.save();
      expect((await vial.load(early)).isNew).toBe(true);
    }
  });

  it('ends the grace window when the user of the session changes', async () => {
    const { vial } = setup({ regenerateGrace: '30s' });
    const s = await signedIn(vial);
    const old = s.id as string;
    await s.regenerate();
    s.userId = 'bob';
    await s.save();
    expect((await vial.load(old)).isNew).toBe(true);
    expect((await vial.load(s.id)).userId).toBe('bob');
  });

  it('refuses to regenerate or rebind a session opened with its previous token', async () => {
    const { vial } = setup({ regenerateGrace: '30s' });
    const s = await signedIn(vial);
    const old = s.id as string;
    await s.regenerate();
    const graced = await vial.load(old);
    await expect(graced.regenerate()).rejects.toBeInstanceOf(GraceSessionError);
    expect(() => {
      graced.userId = 'mallory';
    }).toThrow(GraceSessionError);
    expect((await vial.load(s.id)).userId).toBe('ada');
  });

  it('ends the previous grace window when regenerating again', async () => {
    const { vial } = setup({ regenerateGrace: 60 });
    const s = await signedIn(vial);
    const first = s.id as string;
    await s.regenerate();
    const second = s.id as string;
    await s.regenerate();
    expect((await vial.load(first)).isNew).toBe(true);
    expect((await vial.load(second)).isNew).toBe(false);
    expect((await vial.load(s.id)).isNew).toBe(false);
  });
});
