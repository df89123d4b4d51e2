import { describe, expect, it } from 'vitest';
import { CorruptRecordError, type CorruptRecordEvent, Vial } from '../src/index.js';
import { mapDriverWithClock } from './support/map-driver.js';

function setup() {
  const { driver, clock } = mapDriverWithClock();
  const reports: CorruptRecordEvent[] = [];
  const vial = new Vial({ driver, ttl: '30m', onCorruptRecord: (event) => reports.push(event) });
  return { vial, driver, clock, reports };
}

async function savedToken(vial: Vial): Promise<string> {
  const s = vial.session();
  s.set('cart', ['espresso']);
  await s.save();
  return s.id as string;
}

describe('a stored record that cannot be read', () => {
  it('loads as a new session, is reported with its sid, and is never extended', async () => {
    const { vial, driver, clock, reports } = setup();
    const token = await savedToken(vial);
    const sid = token.split('.')[0] as string;
    const expiresAt = driver.records.get(sid)?.expiresAt;
    driver.unreadable.add(sid);
    clock.now += 20 * 60_000;
    driver.calls.length = 0;
    const s = await vial.load(token);
    expect([s.isNew, s.id, s.size]).toEqual([true, null, 0]);
    expect(driver.calls).toEqual(['read']);
    expect(driver.records.get(sid)?.expiresAt).toBe(expiresAt);
    expect(reports).toHaveLength(1);
    expect(reports[0]?.sid).toBe(sid);
    expect(reports[0]?.driver).toBe('map');
    expect(reports[0]?.error).toBeInstanceOf(CorruptRecordError);
  });

  it('treats a record without the token digest or creation time as corrupt, not as a session', async () => {
    const { vial, driver, reports } = setup();
    const token = await savedToken(vial);
    const sid = token.split('.')[0] as string;
    driver.records.get(sid)?.fields.delete('#c');
    expect((await vial.load(token)).isNew).toBe(true);
    expect(reports.map((r) => r.sid)).toEqual([sid]);
  });

  it('reports through a process warning by default', async () => {
    const { driver } = mapDriverWithClock();
    const vial = new Vial({ driver });
    const token = await savedToken(vial);
    driver.unreadable.add(token.split('.')[0] as string);
    const warnings: Error[] = [];
    const listen = (warning: Error) => warnings.push(warning);
    process.on('warning', listen);
    try {
      expect((await vial.load(token)).isNew).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listen);
    }
    expect(warnings.map((w) => (w as { code?: string }).code)).toEqual(['VIAL_CORRUPT_RECORD']);
    expect(warnings[0]?.message).toContain(token.split('.')[0]);
    expect(warnings[0]?.message).not.toContain(token.split('.')[1]);
  });

  it('still gives a new session when the hook itself throws', async () => {
    const { driver } = mapDriverWithClock();
    const vial = new Vial({
      driver,
      onCorruptRecord: () => {
        throw new Error('the logger is down');
      },
    });
    const token = await savedToken(vial);
    driver.unreadable.add(token.split('.')[0] as string);
    expect((await vial.load(token)).isNew).toBe(true);
  });

  it('is skipped by reload as a session gone, never a storage outage', async () => {
    const { vial, driver } = setup();
    const token = await savedToken(vial);
    const s = await vial.load(token);
    driver.unreadable.add(s.sid as string);
    await expect(s.reload()).rejects.toThrow(/destroyed, revoked or has expired/);
  });
});
