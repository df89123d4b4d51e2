import { describeFailover } from '@vial/test-redis/suites';
import { Redis } from 'ioredis';
import { ioredisDriver } from '../src/index.js';
import { fastFailure } from './helpers.js';

describeFailover({
  name: 'ioredis',
  giveUpMs: fastFailure.commandTimeout,
  async connect(group, wait) {
    // ioredis's own Sentinel support: it asks the Sentinels for the primary, and again after a failover.
    const client = new Redis({
      ...fastFailure,
      sentinels: group.sentinels.map(({ host, port }) => ({ host, port })),
      name: group.name,
    });
    client.on('error', () => {});
    await client.ping();
    return {
      driver: ioredisDriver(client, wait === undefined ? {} : { wait }),
      close: async () => client.disconnect(),
    };
  },
});
