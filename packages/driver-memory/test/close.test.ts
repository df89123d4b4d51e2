import { DriverClosedError } from '@vial/core';
import { describe, expect, it } from 'vitest';
import { fields, testDriver } from './helpers.js';

describe('close', () => {
  it('rejects every later call with DriverClosedError naming the operation', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiresAt: null, now });
    await driver.userIndex.add('alice', 's', null, now);
    await driver.close();
    const calls: [string, () => Promise<unknown>][] = [
      ['read', () => driver.read('s', { now })],
      ['create', () => driver.create('t', { fields: new Map(), expiresAt: null, now })],
      ['update', () => driver.update('s', { set: fields({ a: '2' }), del: [], now })],
      ['touch', () => driver.touch('s', { expiresAt: null, now })],
      ['destroy', () => driver.destroy(['s'])],
      ['userIndex.add', () => driver.userIndex.add('alice', 't', null, now)],
      ['userIndex.list', () => driver.userIndex.list('alice', now)],
      ['userIndex.remove', () => driver.userIndex.remove('alice', ['s'])],
      ['sids', () => driver.sids()[Symbol.asyncIterator]().next()],
    ];
    for (const [operation, call] of calls) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, operation).toBeInstanceOf(DriverClosedError);
      expect((error as Error).message, operation).toContain(`so ${operation} was refused`);
    }
  });

  it('lets operations already in flight finish', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    for (const sid of ['a', 'b', 'c']) {
      await driver.create(sid, { fields: fields({ x: sid }), expiresAt: null, now });
    }
    const created = driver.create('d', { fields: fields({ x: 'd' }), expiresAt: null, now });
    const iterator = driver.sids()[Symbol.asyncIterator]();
    const first = await iterator.next();
    await driver.close();
    expect(await created).toBe(true);
    const rest: string[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      rest.push(next.value);
    }
    expect([first.value, ...rest].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('can be called more than once', async () => {
    const { driver } = testDriver();
    await driver.close();
    await expect(driver.close()).resolves.toBeUndefined();
  });
});
