import { describe, expect, it } from 'vitest';
import { fields, MINUTE, testDriver } from './helpers.js';

describe('expiry judged by the now of each operation', () => {
  it('reads a record until just before its expiry and as absent from then on', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: now + MINUTE, now });
    expect(await driver.read('s', { now: now + MINUTE - 1 })).not.toBeNull();
    expect(await driver.read('s', { now: now + MINUTE })).toBeNull();
  });

  it('goes by the now it is given, not by its own clock', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: now + MINUTE, now });
    clock.advance(60 * MINUTE);
    expect(await driver.read('s', { now })).not.toBeNull();
    expect(await driver.touch('s', { expiresAt: now + 2 * MINUTE, now })).toBe(true);
    expect(await driver.update('s', { set: fields({ a: '2' }), del: [], now: now + MINUTE })).toBe(
      'ok',
    );
    expect(await driver.read('s', { now: now + 2 * MINUTE })).toBeNull();
  });

  it('frees an expired record as soon as an operation reaches it', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: now + MINUTE, now });
    expect(driver.stats().records).toBe(1);
    await driver.read('s', { now: now + MINUTE });
    expect(driver.stats().records).toBe(0);
  });

  it('treats a record created already past its expiry as absent', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    expect(await driver.create('s', { fields: fields({ a: '1' }), expiresAt: now, now })).toBe(
      true,
    );
    expect(await driver.read('s', { now })).toBeNull();
    expect(await driver.update('s', { set: fields({ a: '2' }), del: [], now })).toBe('gone');
  });
});
