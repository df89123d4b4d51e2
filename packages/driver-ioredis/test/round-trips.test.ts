import { scripts } from '@vial/redis';
import { describeRedisRoundTrips } from '@vial/test-redis/suites';
import { ioredisDriver } from '../src/index.js';
import { connect, portsOf, targets } from './helpers.js';

for (const target of targets) {
  describeRedisRoundTrips({
    name: `ioredis on a ${target} Redis`,
    scripts: Object.values(scripts).map((script) => script.source),
    ports: () => portsOf(target),
    async open(prefix) {
      const client = connect(target);
      return { driver: ioredisDriver(client, { prefix }), close: async () => client.disconnect() };
    },
  });
}
