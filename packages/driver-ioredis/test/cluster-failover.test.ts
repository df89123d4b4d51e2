import { describeClusterFailover } from '@vial/test-redis/suites';
import { Cluster } from 'ioredis';
import { ioredisDriver } from '../src/index.js';
import { fastFailure } from './helpers.js';

describeClusterFailover({
  name: 'ioredis',
  // An ioredis Cluster sends WAIT to any node: the driver refuses the option there.
  waits: false,
  giveUpMs: fastFailure.commandTimeout,
  async connect(cluster) {
    const client = new Cluster([...cluster.nodes], { redisOptions: fastFailure });
    client.on('error', () => {});
    await client.ping();
    return { driver: ioredisDriver(client), close: async () => client.disconnect() };
  },
});
