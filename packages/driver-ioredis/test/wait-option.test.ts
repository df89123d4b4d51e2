import { InvalidOptionError } from '@vial/core';
import { Cluster, Redis } from 'ioredis';
import { expect, test } from 'vitest';
import { ioredisDriver } from '../src/index.js';

test('wait is refused on an ioredis Cluster, which sends WAIT to any node, and saying what to use instead', () => {
  const cluster = new Cluster([{ host: '127.0.0.1', port: 1 }], { lazyConnect: true });
  const build = () => ioredisDriver(cluster, { wait: { replicas: 1, timeout: 100 } });
  expect(build).toThrow(InvalidOptionError);
  expect(build).toThrow(/ioredis Cluster sends WAIT.*node-redis's createCluster\(\).*or Sentinel/);
  // A plain client (or one with sentinels) takes it.
  const plain = new Redis({ lazyConnect: true });
  expect(() => ioredisDriver(plain, { wait: { replicas: 1, timeout: 100 } })).not.toThrow();
  plain.disconnect();
  cluster.disconnect();
});
