import { InvalidOptionError } from '@vial/core';
import { testRedis } from '@vial/test-redis/vitest';
import { createClientPool, RESP_TYPES } from 'redis';
import { describe, expect, test } from 'vitest';
import { type NodeRedisConnection, nodeRedisDriver } from '../src/index.js';
import { connectClient } from './support/clients.js';
import { delta, newRecord, newSid, now } from './support/records.js';

/** Creates, updates, reads and destroys one record through `connection`. */
async function roundTrip(connection: NodeRedisConnection): Promise<void> {
  const driver = nodeRedisDriver(connection);
  const sid = newSid();
  expect(await driver.create(sid, newRecord({ a: 'ä', b: '2' }))).toBe(true);
  expect(await driver.update(sid, delta({ c: '3' }, ['b']))).toBe('ok');
  const read = await driver.read(sid, now());
  expect(read?.fields).toEqual(
    new Map([
      ['a', 'ä'],
      ['c', '3'],
    ]),
  );
  expect(typeof read?.expiresAt).toBe('number');
  await driver.destroy([sid]);
  expect(await driver.read(sid, now())).toBeNull();
}

describe('the client the user passes', () => {
  test('a RESP2 client works like the default RESP3 one', async () => {
    const client = await connectClient(testRedis().url, { RESP: 2 });
    try {
      await roundTrip(client.connection);
    } finally {
      await client.close();
    }
  });

  test('a client whose type mapping turns strings into Buffers still reads strings', async () => {
    const client = await connectClient(testRedis().url);
    try {
      const raw = client.connection as Parameters<typeof nodeRedisDriver>[0] & {
        withTypeMapping(mapping: object): NodeRedisConnection;
      };
      await roundTrip(raw.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }));
    } finally {
      await client.close();
    }
  });

  test('a client pool from createClientPool() works', async () => {
    const pool = createClientPool({ url: testRedis().url });
    pool.on('error', () => {});
    await pool.connect();
    try {
      await roundTrip(pool);
    } finally {
      pool.destroy();
    }
  });

  test('something that is not a node-redis client is refused with a clear error', () => {
    expect(() => nodeRedisDriver({} as NodeRedisConnection)).toThrow(InvalidOptionError);
    expect(() => nodeRedisDriver(null as unknown as NodeRedisConnection)).toThrow(
      /takes a node-redis client/,
    );
  });

  test('an unknown option or a non-string prefix is refused, naming the option', async () => {
    const client = await connectClient(testRedis().url);
    try {
      expect(() =>
        nodeRedisDriver(client.connection, { prefx: 'a' } as unknown as { prefix: string }),
      ).toThrow(/nodeRedisDriver\(\) has no option "prefx"/);
      expect(() =>
        nodeRedisDriver(client.connection, { prefix: 1 } as unknown as { prefix: string }),
      ).toThrow(/prefix must be a string/);
    } finally {
      await client.close();
    }
  });
});
