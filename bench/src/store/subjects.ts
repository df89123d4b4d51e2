import { ioredisDriver } from '@vial/driver-ioredis';
import { nodeRedisDriver } from '@vial/driver-node-redis';
import { RedisStore } from 'connect-redis';
import { RedisStore as RedisStore9 } from 'connect-redis9';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { Payload } from '../payload.js';
import { connectRedisSubject } from './connect-redis-subject.js';
import { rawSubject } from './raw-subject.js';
import type { StoreSubject } from './subject.js';
import { vialSubject } from './vial-subject.js';

/** The store subjects and the clients they share; `close()` disconnects every client. */
export interface StoreSubjects {
  /** Every subject, on the realistic payload. */
  readonly subjects: readonly StoreSubject[];
  /**
   * The raw floors and vial on both clients (the same connections), storing
   * `payload` instead, under key prefixes of their own named by `tag`.
   */
  sized(payload: Payload, tag: string): readonly StoreSubject[];
  close(): Promise<void>;
}

/**
 * Every store subject, each with its own client connection to `url`: vial and
 * connect-redis on each client library, and each client's raw floor.
 */
export async function storeSubjects(url: string): Promise<StoreSubjects> {
  const ioredis = () => new Redis(url, { lazyConnect: false });
  const nodeRedis = async () => {
    const client = createClient({ url });
    client.on('error', (error) => console.error('node-redis:', error));
    await client.connect();
    return client;
  };
  const io = [ioredis(), ioredis(), ioredis()] as const;
  const nr = [await nodeRedis(), await nodeRedis(), await nodeRedis()] as const;
  await Promise.all(io.map((client) => client.ping()));

  const rawIo = {
    get: (key: string) => io[0].get(key),
    getex: (key: string, ttlMs: number) => io[0].getex(key, 'PX', ttlMs),
    set: (key: string, value: string, ttlMs: number) => io[0].set(key, value, 'PX', ttlMs),
  };
  const rawNr = {
    get: (key: string) => nr[0].get(key),
    getex: (key: string, ttlMs: number) => nr[0].getEx(key, { type: 'PX', value: ttlMs }),
    set: (key: string, value: string, ttlMs: number) =>
      nr[0].set(key, value, { expiration: { type: 'PX', value: ttlMs } }),
  };
  const subjects: StoreSubject[] = [
    rawSubject('ioredis', rawIo),
    connectRedisSubject(
      'connect-redis 8.1 + ioredis',
      'ioredis',
      new RedisStore({ client: io[1], prefix: 'sess:io:' }),
    ),
    vialSubject('ioredis', ioredisDriver(io[2], { prefix: 'vial:io:' })),
    rawSubject('node-redis', rawNr),
    connectRedisSubject(
      'connect-redis 9 + node-redis',
      'node-redis',
      new RedisStore9({ client: nr[1], prefix: 'sess:nr:' }),
    ),
    vialSubject('node-redis', nodeRedisDriver(nr[2], { prefix: 'vial:nr:' })),
  ];

  return {
    subjects,
    sized: (payload, tag) => [
      rawSubject('ioredis', rawIo, payload),
      vialSubject('ioredis', ioredisDriver(io[2], { prefix: `vial:io:${tag}:` }), payload),
      rawSubject('node-redis', rawNr, payload),
      vialSubject('node-redis', nodeRedisDriver(nr[2], { prefix: `vial:nr:${tag}:` }), payload),
    ],
    async close() {
      for (const client of io) client.disconnect();
      await Promise.all(nr.map((client) => client.close()));
    },
  };
}

/**
 * The store cycle with the drivers' `wait` option, on a primary at `url`
 * that has a replica: ioredis's raw floor, vial, and vial with
 * `wait: { replicas: 1 }`, each on its own connection.
 */
export async function waitSubjects(url: string): Promise<Omit<StoreSubjects, 'sized'>> {
  const io = [new Redis(url), new Redis(url), new Redis(url)] as const;
  await Promise.all(io.map((client) => client.ping()));
  const raw = {
    get: (key: string) => io[0].get(key),
    getex: (key: string, ttlMs: number) => io[0].getex(key, 'PX', ttlMs),
    set: (key: string, value: string, ttlMs: number) => io[0].set(key, value, 'PX', ttlMs),
  };
  return {
    subjects: [
      rawSubject('ioredis', raw),
      vialSubject('ioredis', ioredisDriver(io[1], { prefix: 'vial:w0:' })),
      vialSubject(
        'ioredis',
        ioredisDriver(io[2], { prefix: 'vial:w1:', wait: { replicas: 1, timeout: 1000 } }),
        undefined,
        'vial + ioredis, wait: { replicas: 1 }',
      ),
    ],
    async close() {
      for (const client of io) client.disconnect();
    },
  };
}
