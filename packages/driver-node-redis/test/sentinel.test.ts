import { type ReplicatedRedis, startReplicatedRedis } from '@vial/test-redis';
import { createSentinel } from 'redis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { nodeRedisDriver } from '../src/index.js';
import { delta, freshPrefix, newRecord, newSid, now } from './support/records.js';

let group: ReplicatedRedis;
beforeAll(async () => {
  group = await startReplicatedRedis({ replicas: 0, sentinels: 1 });
}, 60_000);
afterAll(async () => {
  await group?.stop();
});

test('a Sentinel-managed master from createSentinel() serves every operation', async () => {
  const client = createSentinel({
    name: group.name,
    sentinelRootNodes: [...group.sentinels],
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
