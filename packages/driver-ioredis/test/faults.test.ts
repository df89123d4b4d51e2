import { describeRedisFaults } from '@vial/test-redis/suites';
import { Redis } from 'ioredis';
import { ioredisDriver } from '../src/index.js';
import { fastFailure } from './helpers.js';

describeRedisFaults({
  name: 'ioredis',
  // fastFailure: one retry, a 500 ms connect timeout and a 2 s command timeout, as the README recommends.
  giveUpMs: fastFailure.commandTimeout,
  async connect(port, { connect }) {
    const client = new Redis(port, '127.0.0.1', { ...fastFailure, lazyConnect: !connect });
    // ioredis reports connection errors as events too; the driver sees them as rejections.
    client.on('error', () => {});
    if (connect) await client.ping();
    return { driver: ioredisDriver(client), close: async () => client.disconnect() };
  },
});
