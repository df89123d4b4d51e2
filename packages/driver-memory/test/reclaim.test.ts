import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryDriver } from '../src/index.js';
import { SWEEP_BATCH } from '../src/options.js';
import { fakeClock, fields, MINUTE, testDriver } from './helpers.js';

describe('the background reclaimer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('frees expired records and users on its timer, without any read', async () => {
    const clock = fakeClock();
    const driver = memoryDriver({ clock, sweepIntervalMs: 1000 });
    const now = clock();
    for (let i = 0; i < 100; i++) {
      const expiresAt = now + (i % 2 === 0 ? MINUTE : 10 * MINUTE);
      await driver.create(`s${i}`, { fields: fields({ a: '1' }), expiresAt, now });
      await driver.userIndex.add(`u${i}`, `s${i}`, expiresAt, now);
    }
    await driver.create('forever', { fields: fields({ a: '1' }), expiresAt: null, now });
    clock.advance(MINUTE);
    vi.advanceTimersByTime(999);
    expect(driver.stats()).toEqual({ records: 101, users: 100 });
    vi.advanceTimersByTime(1);
    expect(driver.stats()).toEqual({ records: 51, users: 50 });
    clock.advance(9 * MINUTE);
    vi.advanceTimersByTime(1000);
    expect(driver.stats()).toEqual({ records: 1, users: 0 });
    await driver.close();
  });

  it(`looks at no more than ${SWEEP_BATCH} records per tick, so no tick scans a large store`, async () => {
    const clock = fakeClock();
    const driver = memoryDriver({ clock, sweepIntervalMs: 1000 });
    const now = clock();
    const count = 2.5 * SWEEP_BATCH;
    for (let i = 0; i < count; i++) {
      await driver.create(`s${i}`, { fields: fields({ a: '1' }), expiresAt: now + MINUTE, now });
    }
    clock.advance(MINUTE);
    const seen: number[] = [];
    for (let tick = 0; tick < 3; tick++) {
      vi.advanceTimersByTime(1000);
      seen.push(driver.stats().records);
    }
    expect(seen).toEqual([count - SWEEP_BATCH, count - 2 * SWEEP_BATCH, 0]);
    await driver.close();
  });

  it('frees exactly the expired records as expiries move back and forth', async () => {
    const clock = fakeClock();
    const driver = memoryDriver({ clock, sweepIntervalMs: 500 });
    const start = clock();
    const expiries = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const expiresAt = start + ((i * 7919) % 200) * 1000 + 1000;
      await driver.create(`s${i}`, { fields: fields({ a: '1' }), expiresAt, now: start });
      expiries.set(`s${i}`, expiresAt);
    }
    for (let i = 0; i < 200; i += 3) {
      const expiresAt = start + ((i * 104729) % 300) * 1000 + 1000;
      await driver.touch(`s${i}`, { expiresAt, now: start });
      expiries.set(`s${i}`, expiresAt);
    }
    for (let t = 500; t <= 301_000; t += 500) {
      clock.advance(500);
      vi.advanceTimersByTime(500);
      const live = [...expiries.values()].filter((at) => at > start + t).length;
      expect(driver.stats().records).toBe(live);
    }
    await driver.close();
  });

  it('stops on close', async () => {
    const clock = fakeClock();
    const driver = memoryDriver({ clock, sweepIntervalMs: 1000 });
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: clock() + 1, now: clock() });
    expect(vi.getTimerCount()).toBe(1);
    await driver.close();
    expect(vi.getTimerCount()).toBe(0);
    clock.advance(MINUTE);
    vi.advanceTimersByTime(10_000);
    expect(driver.stats().records).toBe(1);
  });

  it('survives a clock that throws on its tick', async () => {
    let broken = false;
    const driver = memoryDriver({
      clock: () => {
        if (broken) throw new Error('clock broke');
        return 1_800_000_000_000;
      },
    });
    broken = true;
    expect(() => vi.advanceTimersByTime(5000)).not.toThrow();
    await expect(driver.destroy(['s'])).rejects.toThrow('clock broke');
    await driver.close();
  });

  it('never keeps the process alive with its timer', () => {
    const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `import(${JSON.stringify(entry)}).then((m) => { m.memoryDriver({ sweepIntervalMs: 10 }); });`;
    const child = spawnSync(process.execPath, ['-e', script], { timeout: 10_000 });
    expect(child.error).toBeUndefined();
    expect(child.status).toBe(0);
  });
});

describe('reclaiming under churn', () => {
  it('holds about twice the live records however many short sessions come and go, timer off', async () => {
    const { driver, clock } = testDriver();
    const ttl = 1000;
    let most = 0;
    for (let i = 0; i < 50_000; i++) {
      clock.advance(1);
      await driver.create(`s${i}`, {
        fields: fields({ a: '1' }),
        expiresAt: clock() + ttl,
        now: clock(),
      });
      most = Math.max(most, driver.stats().records);
    }
    // 1,000 sessions are live at any time; an unswept store would hold all 50,000.
    expect(most).toBeGreaterThanOrEqual(ttl);
    expect(most).toBeLessThanOrEqual(2.5 * ttl);
  });

  it('holds about twice the live users however many users sign in once, timer off', async () => {
    const { driver, clock } = testDriver();
    const ttl = 1000;
    let most = 0;
    for (let i = 0; i < 50_000; i++) {
      clock.advance(1);
      await driver.userIndex.add(`user${i}`, `s${i}`, clock() + ttl, clock());
      most = Math.max(most, driver.stats().users);
    }
    expect(most).toBeGreaterThanOrEqual(ttl);
    expect(most).toBeLessThanOrEqual(2.5 * ttl);
  });
});
