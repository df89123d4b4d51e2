import {
  type DescribeDriverOptions,
  describeDriver,
  describeWithVial,
} from '@vial/driver-test-suite';
import { describe } from 'vitest';
import { ioredisDriver } from '../src/index.js';
import { connect, targets, uniquePrefix } from './helpers.js';

describe.each(targets)('on a %s Redis', (target) => {
  const client = connect(target);
  const options: DescribeDriverOptions = {
    name: `ioredis (${target})`,
    capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
    clock: 'real',
    // A fresh prefix per test isolates drivers that share the run's servers.
    createDriver: async () => ioredisDriver(client, { prefix: uniquePrefix() }),
  };
  describeDriver(options);
  describeWithVial(options);
});
