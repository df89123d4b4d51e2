import { describe, expect, it } from 'vitest';
import { SessionGoneError, Vial } from '../src/index.js';
import { mapDriverWithClock } from './support/map-driver.js';

function setup(options: Record<string, unknown> = {}) {
  const { driver, clock } = mapDriverWithClock();
  return { vial: new Vial({ driver, ...options }), driver, clock };
}

async function savedToken(vial: Vial): Promise<string> {
  const s = vial.session();
  s.set('n', 1);
  await s.save();
  return s.id as string;
}

describe('idle expiry (ttl)', () => {
  it('slides on a load once it has fallen behind by 1 % of ttl, and only then writes', async () => {
    const { vial, clock, driver } = setup({ ttl: '30m' });
    const token = await savedToken(vial);
    const saved = clock.now;
    // 18 s is 1 % of 30 minutes: a load within it reads and writes nothing.
    clock.now += 17_999;
    driver.calls.length = 0;
    expect((await vial.load(token)).expiresAt?.getTime()).toBe(saved + 30 * 60_000);
    expect(driver.calls).toEqual(['read']);
    for (let i = 0; i < 5; i++) {
      clock.now += 20 * 60_000;
      driver.calls.length = 0;
      const s = await vial.load(token);
      expect(s.isNew).toBe(false);
      expect(driver.calls).toEqual(['read', 'touch']);
      expect(s.expiresAt?.getTime()).toBe(clock.now + 30 * 60_000);
    }
  });

  it('writes nothing for a load with a forged secret, and does not slide', async () => {
    const { vial, clock, driver } = setup({ ttl: '30m' });
    const token = await savedToken(vial);
    const expiresAt = driver.records.get(token.split('.')[0] as string)?.expiresAt;
    const forged = `${token.split('.')[0]}.${'A'.repeat(22)}`;
    for (let i = 0; i < 3; i++) {
      clock.now += 20 * 60_000;
      driver.calls.length = 0;
      expect((await vial.load(forged)).isNew).toBe(true);
      expect(driver.calls).toEqual(['read']);
    }
    expect((await vial.load(token)).isNew).toBe(true);
    expect(expiresAt).toBe(clock.now - 60 * 60_000 + 30 * 60_000);
  });

  it('slides on a save that falls due, in the same write', async () => {
    const { vial, clock, driver } = setup({ ttl: '30m', rolling: false });
    const token = await savedToken(vial);
    clock.now += 20 * 60_000;
    const s = await vial.load(token);
    s.set('n', 2);
    const seen: unknown[] = [];
    const update = driver.update.bind(driver);
    driver.update = async (sid, delta) => {
      seen.push(delta.expiresAt);
      return update(sid, delta);
    };
    await s.save();
    s.set('n', 3);
    await s.save();
    expect(seen).toEqual([clock.now + 30 * 60_000, undefined]);
    expect(s.expiresAt?.getTime()).toBe(clock.now + 30 * 60_000);
  });

  it('does not slide on load with rolling: false', async () => {
    const { vial, clock } = setup({ ttl: '30m', rolling: false });
    const token = await savedToken(vial);
    clock.now += 20 * 60_000;
    await vial.load(token);
    clock.now += 20 * 60_000;
    expect((await vial.load(token)).isNew).toBe(true);
  });

  it('is extended by touch() in one write, without changing data', async () => {
    const { vial, clock, driver } = setup({ ttl: '30m', rolling: false });
    const token = await savedToken(vial);
    clock.now += 20 * 60_000;
    const s = await vial.load(token);
    s.set('n', 2);
    driver.calls.length = 0;
    await s.touch();
    expect(driver.calls).toEqual(['touch']);
    clock.now += 20 * 60_000;
    const t = await vial.load(token);
    expect(t.isNew).toBe(false);
    expect(t.get('n')).toBe(1);
  });

  it('makes touch() of a destroyed session fail rather than recreate it', async () => {
    const { vial } = setup();
    const token = await savedToken(vial);
    const s = await vial.load(token);
    await (await vial.load(token)).destroy();
    await expect(s.touch()).rejects.toBeInstanceOf(SessionGoneError);
  });
});

describe('absolute expiry (maxAge)', () => {
  it('ends a session however active it is', async () => {
    const { vial, clock } = setup({ ttl: '30m', maxAge: '1h' });
    const token = await savedToken(vial);
    for (let i = 0; i < 4; i++) {
      clock.now += 10 * 60_000;
      expect((await vial.load(token)).isNew).toBe(false);
    }
    clock.now += 10 * 60_000;
    const late = await vial.load(token);
    expect(late.expiresAt?.getTime()).toBe(late.createdAt.getTime() + 3_600_000);
    clock.now += 10 * 60_000;
    expect((await vial.load(token)).isNew).toBe(true);
  });

  it('applies to a session stored before maxAge was configured', async () => {
    const { driver, clock } = mapDriverWithClock();
    const token = await savedToken(new Vial({ driver, ttl: false }));
    clock.now += 2 * 3_600_000;
    expect((await new Vial({ driver, ttl: false }).load(token)).isNew).toBe(false);
    expect((await new Vial({ driver, ttl: false, maxAge: '1h' }).load(token)).isNew).toBe(true);
  });
});

describe('no expiry', () => {
  it('keeps a session with ttl: false for years', async () => {
    const { vial, clock } = setup({ ttl: false });
    const token = await savedToken(vial);
    clock.now += 5 * 365 * 86_400_000;
    const s = await vial.load(token);
    expect(s.get('n')).toBe(1);
    expect(s.expiresAt).toBeNull();
  });
});
