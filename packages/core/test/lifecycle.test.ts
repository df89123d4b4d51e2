import { describe, expect, it } from 'vitest';
import { SessionGoneError, Vial } from '../src/index.js';
import { mapDriverWithClock } from './support/map-driver.js';

function setup(options: Record<string, unknown> = {}) {
  const { driver, clock } = mapDriverWithClock();
  return { vial: new Vial({ driver, ...options }), driver, clock };
}

async function saved(vial: Vial) {
  const s = vial.session();
  s.set('user', 'ada');
  await s.save();
  return s;
}

describe('destroy()', () => {
  it('removes the session in one call and makes its token load as new', async () => {
    const { vial, driver } = setup();
    const s = await saved(vial);
    const token = s.id;
    driver.calls.length = 0;
    await s.destroy();
    expect(driver.calls).toEqual(['destroy']);
    expect(s.id).toBeNull();
    expect(s.isDestroyed).toBe(true);
    expect((await vial.load(token)).isNew).toBe(true);
  });

  it('leaves a session that can no longer be saved or changed', async () => {
    const { vial, driver } = setup();
    const s = await saved(vial);
    await s.destroy();
    expect(() => s.set('user', 'eve')).toThrow(SessionGoneError);
    await expect(s.save()).rejects.toThrow(/destroyed/);
    expect(driver.records.size).toBe(0);
  });

  it('of an unsaved session touches no storage', async () => {
    const { vial, driver } = setup();
    const s = vial.session();
    s.set('a', 1);
    await s.destroy();
    expect(driver.calls).toEqual([]);
  });
});

describe('regenerate()', () => {
  it('gives a new token for the same record and data, in one write', async () => {
    const { vial, driver } = setup();
    const s = await saved(vial);
    const old = s.id as string;
    s.set('role', 'admin');
    driver.calls.length = 0;
    await s.regenerate();
    expect(driver.calls).toEqual(['update']);
    expect(s.id).not.toBe(old);
    expect(s.sid).toBe(old.split('.')[0]);
    const fresh = await vial.load(s.id);
    expect(fresh.toJSON()).toEqual({ user: 'ada', role: 'admin' });
    expect((await vial.load(old)).isNew).toBe(true);
  });

  it('keeps the old token valid for the grace window only', async () => {
    const { vial, clock } = setup({ regenerateGrace: 10 });
    const s = await saved(vial);
    const old = s.id as string;
    await s.regenerate();
    clock.now += 9_000;
    expect((await vial.load(old)).get('user')).toBe('ada');
    clock.now += 1_000;
    expect((await vial.load(old)).isNew).toBe(true);
    expect((await vial.load(s.id)).get('user')).toBe('ada');
  });

  it('ends the previous grace window when regenerating again', async () => {
    const { vial } = setup({ regenerateGrace: 60 });
    const s = await saved(vial);
    const first = s.id as string;
    await s.regenerate();
    const second = s.id as string;
    await s.regenerate();
    expect((await vial.load(first)).isNew).toBe(true);
    expect((await vial.load(second)).isNew).toBe(false);
  });

  it('of a new session simply stores it with a fresh token', async () => {
    const { vial } = setup();
    const s = vial.session();
    s.set('a', 1);
    await s.regenerate();
    expect((await vial.load(s.id)).get('a')).toBe(1);
  });

  it('of a session destroyed elsewhere fails and recreates nothing', async () => {
    const { vial, driver } = setup();
    const s = await saved(vial);
    await (await vial.load(s.id)).destroy();
    await expect(s.regenerate()).rejects.toBeInstanceOf(SessionGoneError);
    expect(driver.records.size).toBe(0);
  });
});

describe('reload()', () => {
  it('drops local changes and reads what storage holds', async () => {
    const { vial } = setup();
    const s = await saved(vial);
    const other = await vial.load(s.id);
    other.set('theme', 'dark');
    await other.save();
    s.set('user', 'local change');
    await s.reload();
    expect(s.toJSON()).toEqual({ user: 'ada', theme: 'dark' });
  });

  it('fails with SessionGoneError when the session was destroyed', async () => {
    const { vial } = setup();
    const s = await saved(vial);
    await (await vial.load(s.id)).destroy();
    await expect(s.reload()).rejects.toBeInstanceOf(SessionGoneError);
    expect(s.id).toBeNull();
  });
});
