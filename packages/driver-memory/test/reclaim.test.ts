import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { memoryDriver } from '../src/index.js';
import { fakeClock, fields, idle, MINUTE, NEVER, testDriver } from './helpers.js';

describe('reclaiming memory of expired records', () => {
  it('frees expired records in the background without any read', async () => {
    const clock = fakeClock();
    const driver = memoryDriver({ clock, sweepIntervalMs: 5 });
    try {
      for (let i = 0; i < 100; i++) {
        const expiry = i % 2 === 0 ? idle(MINUTE) : idle(10 * MINUTE);
        await driver.create(`s${i}`, { fields: fields({ a: '1' }), expiry, now: clock() });
      }
      await driver.create('forever', { fields: fields({ a: '1' }), expiry: NEVER, now: clock() });
      expect(driver.stats().records).toBe(101);
      clock.advance(MINUTE);
      await vi.waitFor(() => expect(driver.stats().records).toBe(51), {
        timeout: 2000,
        interval: 5,
      });
      clock.advance(9 * MINUTE);
      await vi.waitFor(() => expect(driver.stats().records).toBe(1), {
        timeout: 2000,
        interval: 5,
      });
      expect(driver.stats().scheduled).toBe(0);
    } finally {
      await driver.close();
    }
  });

  it('stops reclaiming once closed, and keeps answering operations', async () => {
    const clock = fakeClock();
    const driver = memoryDriver({ clock, sweepIntervalMs: 5 });
    await driver.create('s', { fields: fields({ a: '1' }), expiry: idle(MINUTE), now: clock() });
    await driver.close();
    await driver.close();
    clock.advance(MINUTE);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(driver.stats().records).toBe(1);
    expect(await driver.read('s', { now: clock(), touch: false })).toBeNull();
    expect(driver.stats().records).toBe(0);
  });

  it('never keeps the process alive with its timer', () => {
    const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `import(${JSON.stringify(entry)}).then((m) => { m.memoryDriver({ sweepIntervalMs: 10 }); });`;
    const child = spawnSync(process.execPath, ['-e', script], { timeout: 10_000 });
    expect(child.error).toBeUndefined();
    expect(child.status).toBe(0);
  });

  it('frees a few expired records on each create even with the timer off', async () => {
    const { driver, clock } = testDriver();
    for (let i = 0; i < 50; i++) {
      await driver.create(`old${i}`, {
        fields: fields({ a: '1' }),
        expiry: idle(MINUTE),
        now: clock(),
      });
    }
    clock.advance(MINUTE);
    for (let i = 0; i < 50; i++) {
      await driver.create(`new${i}`, {
        fields: fields({ a: '1' }),
        expiry: idle(MINUTE),
        now: clock(),
      });
    }
    expect(driver.stats().records).toBe(50);
  });

  it('frees everything expired at once on reclaim() and reports how many', async () => {
    const { driver, clock } = testDriver();
    for (let i = 0; i < 10; i++) {
      await driver.create(`s${i}`, {
        fields: fields({ a: '1' }),
        expiry: idle((i + 1) * MINUTE),
        now: clock(),
      });
    }
    expect(driver.reclaim(clock() + 4 * MINUTE)).toBe(4);
    expect(driver.reclaim()).toBe(0);
    clock.advance(10 * MINUTE);
    expect(driver.reclaim()).toBe(6);
    expect(driver.stats()).toEqual({ records: 0, scheduled: 0, users: 0, shapes: 0 });
  });

  it('keeps one schedule entry per record however often it is touched', async () => {
    const { driver, clock } = testDriver();
    await driver.create('busy', { fields: fields({ a: '1' }), expiry: idle(MINUTE), now: clock() });
    await driver.create('quiet', {
      fields: fields({ a: '1' }),
      expiry: idle(MINUTE),
      now: clock(),
    });
    for (let i = 0; i < 1_000_000; i++) {
      clock.advance(1);
      await driver.read('busy', { now: clock(), touch: true });
    }
    expect(driver.stats()).toEqual({ records: 2, scheduled: 2, users: 0, shapes: 1 });
    expect(driver.reclaim()).toBe(1);
    expect(driver.stats()).toEqual({ records: 1, scheduled: 1, users: 0, shapes: 1 });
    expect(await driver.read('quiet', { now: clock(), touch: false })).toBeNull();
    expect(await driver.read('busy', { now: clock(), touch: false })).not.toBeNull();
  });

  it('frees records in expiry order when their expiries move back and forth', async () => {
    const { driver, clock } = testDriver();
    const start = clock();
    const expiries = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const sid = `s${i}`;
      const idleMs = ((i * 7919) % 200) * 1000 + 1000;
      await driver.create(sid, { fields: fields({ a: '1' }), expiry: idle(idleMs), now: start });
      expiries.set(sid, start + idleMs);
    }
    for (let i = 0; i < 200; i += 3) {
      const sid = `s${i}`;
      const idleMs = ((i * 104729) % 300) * 1000 + 1000;
      await driver.update(sid, { set: new Map(), del: [], expiry: idle(idleMs), now: start });
      expiries.set(sid, start + idleMs);
    }
    for (let t = start; t <= start + 301_000; t += 500) {
      driver.reclaim(t);
      const expected = [...expiries.values()].filter((at) => at > t).length;
      expect(driver.stats().records).toBe(expected);
    }
  });
});
