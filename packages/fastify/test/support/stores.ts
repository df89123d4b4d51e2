import { randomBytes } from 'node:crypto';
import { countedDriver, flakyDriver } from '@vial/adapter-test-suite';
import { ioredisDriver } from '@vial/driver-ioredis';
import { testRedis } from '@vial/test-redis/vitest';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';

/** Where a test's sessions live: the memory driver, or the run's real Redis. */
export type StoreKind = 'memory' | 'redis';
export const STORE_KINDS: readonly StoreKind[] = ['memory', 'redis'];

/** A store whose calls are counted; `setDown` makes them fail (memory only: Redis is stopped for real). */
export type CountedStore = ReturnType<typeof countedDriver>;

let client: Redis | undefined;
afterAll(() => {
  client?.disconnect();
  client = undefined;
});

/** A counted store of `kind`; on Redis under a key prefix of its own, so tests never share sessions. */
export function countedStore(kind: StoreKind, clock: () => number): CountedStore {
  if (kind === 'memory') return flakyDriver({ clock });
  client ??= new Redis(testRedis().url);
  const prefix = `fastify-${randomBytes(6).toString('hex')}:`;
  return countedDriver(ioredisDriver(client, { prefix }), clock);
}
