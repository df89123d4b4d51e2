import { type RedisServer, startRedisServer } from '@vial/test-redis';
import { createSentinel } from 'redis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { nodeRedisDriver } from '../src/index.js';
import { delta, freshPrefix, newRecord, newSid, now } from './support/records.js';
import { type Sentinel, startSentinel } from './support/sentinel.js';

let master: RedisServer;
let sentinel: Sentinel;
beforeAll(async () => {
  master = await startRedisServer();
  sentinel = await startSentinel(master.port);
});
afterAll(async () => {
  await sentinel?.stop();
  await master?.stop();
});

test('a Sentinel-managed master from createSentinel() serves every operation', async () => {
  const client = createSentinel({
    name: sentinel.name,
    sentinelRootNodes: [{ host: '127.0.0.1', port: sentinel.port }],
  });
  client.on('error', () => {});
  await client.connect();
  try {
    const driver = nodeRedisDriver(client, { prefix: freshPrefix() });
    const sid = newSid();
    expect(await driver.create(sid, newRecord({ a: '1' }))).toBe(true);
    expect(await driver.update(sid, delta({ b: '2' }))).toBe('ok');
    expect((await driver.read(sid, now()))?.fields).toEqual(
      new Map([
        ['a', '1'],
        ['b', '2'],
      ]),
    );
    const sids: string[] = [];
    for await (const found of driver.sids?.() ?? []) sids.push(found);
    expect(sids).toEqual([sid]);
    await driver.destroy([sid]);
    expect(await driver.read(sid, now())).toBeNull();
  } finally {
    await client.close();
  }
});
