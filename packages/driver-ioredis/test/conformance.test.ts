import { describeRedisConformance } from '@vial/test-redis/suites';
import { testRedis } from '@vial/test-redis/vitest';
import * as ioredis5 from 'ioredis';
import * as ioredis6 from 'ioredis6';
import { ioredisDriver } from '../src/index.js';
import { fastFailure } from './helpers.js';

type Client = ioredis5.Redis | ioredis5.Cluster;

// Both majors the peer range admits, on a standalone server and on a cluster.
for (const [major, lib] of [
  ['5', ioredis5],
  ['6', ioredis6 as unknown as typeof ioredis5],
] as const) {
  for (const target of ['standalone', 'cluster'] as const) {
    describeRedisConformance<Client>({
      name: `ioredis ${major} on a ${target} Redis`,
      async connect() {
        const { url, clusterNodes } = testRedis();
        const client =
          target === 'standalone'
            ? new lib.Redis(url, fastFailure)
            : new lib.Cluster([...clusterNodes], { redisOptions: fastFailure });
        client.on('error', () => {});
        await client.ping();
        return client;
      },
      driver: (client, prefix) => ioredisDriver(client, { prefix }),
      send: (client, _key, [name, ...args]) => client.call(name as string, ...args),
      close: async (client) => client.disconnect(),
    });
  }
}
