import { describe, expect, it } from 'vitest';
import { Vial } from '../src/index.js';
import { mapDriverWithClock } from './support/map-driver.js';

function setup(options: Record<string, unknown> = {}) {
  const { driver, clock } = mapDriverWithClock();
  return { vial: new Vial({ driver, ...options }), driver, clock };
}

async function savedToken(vial: Vial): Promise<string> {
  const s = vial.session();
  s.set('user', 'ada');
  await s.save();
  return s.id as string;
}

describe('loading a token', () => {
  it('restores the data in one read', async () => {
    const { vial, driver } = setup();
    const token = await savedToken(vial);
    driver.calls.length = 0;
    const s = await vial.load(token);
    expect(driver.calls).toEqual(['read']);
    expect(s.get('user')).toBe('ada');
    expect(s.isNew).toBe(false);
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['an empty string', ''],
    ['garbage', 'not a token'],
    ['an overlong value', `${'A'.repeat(22)}.${'A'.repeat(4000)}`],
    ['an injection attempt', "'; DROP TABLE sessions; --"],
  ])('gives a new session for %s, without touching storage', async (_what, token) => {
    const { vial, driver } = setup();
    const s = await vial.load(token as string);
    expect(s.isNew).toBe(true);
    expect(s.id).toBeNull();
    expect(driver.calls).toEqual([]);
  });

  it('gives a new session for an unknown token and never adopts it', async () => {
    const { vial } = setup();
    const unknown = `${'A'.repeat(22)}.${'B'.repeat(21)}A`;
    const s = await vial.load(unknown);
    expect(s.isNew).toBe(true);
    s.set('x', 1);
    await s.save();
    expect(s.id).not.toBe(unknown);
    expect(s.id?.split('.')[0]).not.toBe('A'.repeat(22));
  });

  it('gives a new session for a forged secret on a real sid', async () => {
    const { vial } = setup();
    const token = await savedToken(vial);
    const [sid, secret] = token.split('.') as [string, string];
    const forged = `${sid}.${secret.startsWith('A') ? 'B' : 'A'}${secret.slice(1)}`;
    const s = await vial.load(forged);
    expect(s.isNew).toBe(true);
    expect(s.get('user')).toBeUndefined();
    s.set('user', 'mallory');
    await s.save();
    expect(s.sid).not.toBe(sid);
    expect((await vial.load(token)).get('user')).toBe('ada');
  });

  it('gives a new session for an expired token', async () => {
    const { vial, clock } = setup({ ttl: '30m' });
    const token = await savedToken(vial);
    clock.now += 30 * 60_000;
    expect((await vial.load(token)).isNew).toBe(true);
  });

  it('does not store the secret, only its digest', async () => {
    const { vial, driver } = setup();
    const token = await savedToken(vial);
    const secret = token.split('.')[1] as string;
    const dump = JSON.stringify([...driver.records.values()].map((r) => [...r.fields]));
    expect(dump).not.toContain(secret);
  });
});
