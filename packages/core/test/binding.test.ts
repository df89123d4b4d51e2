import { describe, expect, it } from 'vitest';
import { InvalidOptionError, MissingCapabilityError, Vial } from '../src/index.js';
import { mapDriverWithClock } from './support/map-driver.js';

function setup(options: Record<string, unknown> = {}) {
  const { driver, clock } = mapDriverWithClock();
  return { vial: new Vial({ driver, ...options }), driver, clock };
}

describe('binding a session to a user', () => {
  it('stores the user id with the session and never among its data keys', async () => {
    const { vial } = setup();
    const s = vial.session();
    s.userId = 'user-1';
    s.setDetails({ userAgent: 'Firefox' });
    s.set('cart', []);
    await s.save();
    const t = await vial.load(s.id);
    expect(t.userId).toBe('user-1');
    expect(t.details).toEqual({ userAgent: 'Firefox' });
    expect([...t.keys()]).toEqual(['cart']);
  });

  it('refuses a user id with a lone surrogate, which storage would turn into another user id', () => {
    const { vial } = setup();
    const s = vial.session();
    expect(() => {
      s.userId = 'ada\uD800';
    }).toThrow(InvalidOptionError);
    expect(s.userId).toBeNull();
    s.userId = 'ada\uD83D\uDE00';
    expect(s.userId).toBe('ada\uD83D\uDE00');
  });

  it('unbinds with null', async () => {
    const { vial } = setup();
    const s = vial.session();
    s.userId = 'user-1';
    await s.save();
    s.userId = null;
    await s.save();
    expect((await vial.load(s.id)).userId).toBeNull();
  });

  it('counts a binding change as a change to save', async () => {
    const { vial, driver } = setup();
    const s = vial.session();
    await s.save();
    driver.calls.length = 0;
    s.userId = 'user-2';
    await s.save();
    expect(driver.calls).toEqual(['update']);
  });

  it.each([[''], [42], ['x'.repeat(513)]])('rejects the user id %j with a clear error', (bad) => {
    const s = setup().vial.session();
    expect(() => {
      s.userId = bad as string;
    }).toThrow(InvalidOptionError);
  });

  it('gives bound sessions userTtl and anonymous ones ttl, both capped by maxAge', async () => {
    const { vial, clock } = setup({ ttl: '30m', userTtl: '30d', maxAge: '7d' });
    const anonymous = vial.session();
    await anonymous.save();
    expect(anonymous.expiresAt?.getTime()).toBe(clock.now + 30 * 60_000);
    const bound = vial.session();
    bound.userId = 'user-1';
    await bound.save();
    expect(bound.expiresAt?.getTime()).toBe(clock.now + 7 * 86_400_000);
    clock.now += 2 * 86_400_000;
    expect((await vial.load(anonymous.id)).isNew).toBe(true);
    expect((await vial.load(bound.id)).userId).toBe('user-1');
  });

  it('says which capability listing and revoking need on a driver without a user index', async () => {
    const { vial } = setup();
    await expect(vial.sessionsOf('user-1')).rejects.toBeInstanceOf(MissingCapabilityError);
    await expect(vial.revokeUser('user-1')).rejects.toThrow(/userIndex/);
  });
});
