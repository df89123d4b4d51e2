import { scripts } from '@vial/redis';
import { describeRedisRoundTrips } from '@vial/test-redis/suites';
import { nodeRedisDriver } from '../src/index.js';
import { connectTarget, TARGETS } from './support/clients.js';

for (const target of TARGETS) {
  let ports: readonly number[] = [];
  describeRedisRoundTrips({
    name: `node-redis on a ${target} Redis`,
    scripts: Object.values(scripts).map((script) => script.source),
    ports: () => ports,
    async open(prefix) {
      const client = await connectTarget(target);
      ports = client.ports;
      return { driver: nodeRedisDriver(client.connection, { prefix }), close: client.close };
    },
  });
}
