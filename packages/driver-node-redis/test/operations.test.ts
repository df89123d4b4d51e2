// What Redis itself holds after each operation. The driver contract as such
// (reads, creates, deltas, expiry, revisions, races, user index, iteration)
// is checked by the conformance suite in conformance.test.ts.
import type { Driver } from '@vial/core';
import { keyspace } from '@vial/redis-scripts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeRedisDriver } from '../src/index.js';
import { connectTarget, TARGETS, type TestClient } from './support/clients.js';
import { freshPrefix, newRecord, newSid, now } from './support/records.js';

describe.each(TARGETS)('in Redis, on a %s deployment', (target) => {
  let client: TestClient;
  let driver: Driver;
  const keys = keyspace();
  const send = (args: string[]) => client.send(args, args[1]);

  beforeAll(async () => {
    client = await connectTarget(target);
    driver = nodeRedisDriver(client.connection);
  });
  afterAll(() => client.close());

  test('a session is one string under vial:s:<sid>, in the layout the ioredis driver shares', async () => {
    const sid = newSid();
    const record = newRecord({ color: '"blue"' }, { idleMs: 60_000, deadline: null });
    await driver.create(sid, record);
    expect(keys.session(sid)).toBe(`vial:s:${sid}`);
    expect(await send(['TYPE', keys.session(sid)])).toBe('string');
    // <idleMs>,<deadline>,<expiresAt, zero-padded>,<revision>\n<name bytes>:<value bytes>:<name><value>
    expect(await send(['GET', keys.session(sid)])).toMatch(
      new RegExp(`^60000,,0*${record.now + 60_000},1\n5:6:color"blue"$`),
    );
  });

  test('every key lives under the prefix option', async () => {
    const prefix = freshPrefix();
    const scoped = nodeRedisDriver(client.connection, { prefix });
    const sid = newSid();
    await scoped.create(sid, newRecord({ a: '1' }));
    await scoped.userIndex?.add('ann', sid, null, Date.now());
    expect(await send(['EXISTS', `${prefix}s:${sid}`])).toBe(1);
    expect(await send(['EXISTS', `${prefix}u:ann`])).toBe(1);
    expect(await driver.read(sid, now())).toBeNull();
  });

  test('a touch moves Redis’s own TTL with the record’s expiry, capped by the deadline', async () => {
    const sid = newSid();
    const start = Date.now();
    const created = {
      ...newRecord({ a: '1' }, { idleMs: 10_000, deadline: start + 15_000 }),
      now: start,
    };
    await driver.create(sid, created);
    const later = start + 8_000;
    const touched = await driver.read(sid, { now: later, touch: true });
    expect(touched?.expiresAt).toBe(start + 15_000);
    // The TTL counts from core's `now`: 15 - 8 = 7 s, where a plain slide would give 10.
    const pttl = Number(await send(['PTTL', keys.session(sid)]));
    expect(pttl).toBeGreaterThan(6_000);
    expect(pttl).toBeLessThanOrEqual(7_000);
  });

  test('Redis deletes a record by itself once its expiry passes', async () => {
    const sid = newSid();
    await driver.create(sid, newRecord({ a: '1' }, { idleMs: 150, deadline: null }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await send(['EXISTS', keys.session(sid)])).toBe(0);
  });

  test('a user index is a sorted set scored by expiry, pruned in Redis and expiring with its last entry', async () => {
    const index = driver.userIndex;
    if (!index) throw new Error('the driver declares userIndex');
    const user = `user-${newSid()}`;
    const key = keys.user(user);
    const t = Date.now();
    const [soon, later] = [newSid(), newSid()];
    await index.add(user, soon, t + 1_000, t);
    await index.add(user, later, t + 60_000, t);
    expect(await send(['TYPE', key])).toBe('zset');
    expect(Number(await send(['ZSCORE', key, later]))).toBe(t + 60_000);
    const pttl = Number(await send(['PTTL', key]));
    expect(pttl).toBeGreaterThan(55_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
    await index.list(user, t + 2_000);
    expect(await send(['ZSCORE', key, soon])).toBeNull();
    expect(await send(['ZCARD', key])).toBe(1);
  });

  test('destroying sids of many hash slots at once works on every deployment', async () => {
    const sids = Array.from({ length: 20 }, newSid);
    await Promise.all(sids.map((sid) => driver.create(sid, newRecord({ a: '1' }))));
    await driver.destroy(sids);
    const left = await Promise.all(sids.map((sid) => send(['EXISTS', keys.session(sid)])));
    expect(left.every((exists) => exists === 0)).toBe(true);
  });

  test('close() leaves the client open for its owner', async () => {
    const own = nodeRedisDriver(client.connection);
    await own.close?.();
    expect(await own.read(newSid(), now())).toBeNull();
    expect(await send(['PING'])).toBe('PONG');
  });
});
