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

  it('of a session never saved drops its changes, binding and details', async () => {
    const { vial } = setup();
    const s = vial.session();
    s.set('a', 1);
    s.userId = 'ada';
    s.setDetails({ userAgent: 'x' });
    await s.reload();
    expect([s.size, s.userId, s.details, s.hasChanges()]).toEqual([0, null, {}, false]);
  });

  it('fails with SessionGoneError when the session was destroyed', async () => {
    const { vial } = setup();
    const s = await saved(vial);
    await (await vial.load(s.id)).destroy();
    await expect(s.reload()).rejects.toBeInstanceOf(SessionGoneError);
    expect(s.id).toBeNull();
  });
});
