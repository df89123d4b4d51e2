import {
  type DescribeDriverOptions,
  describeDriver,
  describeWithVial,
} from '@vial/driver-test-suite';
import { afterAll, describe } from 'vitest';
import { nodeRedisDriver } from '../src/index.js';
import { connectTarget, TARGETS, type TestClient } from './support/clients.js';
import { freshPrefix } from './support/records.js';

for (const target of TARGETS) {
  describe(`on a ${target} Redis`, () => {
    // One client per deployment, shared by the suite's drivers; each driver
    // gets a key prefix of its own, so tests never see each other's records.
    let client: Promise<TestClient> | undefined;
    const options: DescribeDriverOptions = {
      name: `node-redis (${target})`,
      capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
      clock: 'real',
      createDriver: async () => {
        client ??= connectTarget(target);
        return nodeRedisDriver((await client).connection, { prefix: freshPrefix() });
      },
    };
    describeDriver(options);
    describeWithVial(options);
    afterAll(async () => {
      await (await client)?.close();
    });
  });
}
