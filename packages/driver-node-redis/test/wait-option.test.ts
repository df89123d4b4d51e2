import { InvalidOptionError } from '@vial/core';
import { createClient, createClientPool, createCluster } from 'redis';
import { expect, test } from 'vitest';
import { nodeRedisDriver } from '../src/index.js';

test('wait is refused on a client pool, whose connections WAIT cannot see each other on, saying what to use instead', () => {
  const pool = createClientPool({ url: 'redis://127.0.0.1:1' });
  const build = () => nodeRedisDriver(pool, { wait: { replicas: 1, timeout: 100 } });
  expect(build).toThrow(InvalidOptionError);
  expect(build).toThrow(/a client pool sends each command.*createClient\(\)/);
  expect(() =>
    nodeRedisDriver(createClient({ url: 'redis://127.0.0.1:1' }), { wait: { replicas: 1 } }),
  ).not.toThrow();
});

test('wait is refused on a cluster, where a failover broke WAIT on the healthy masters, saying what is offered', () => {
  const cluster = createCluster({ rootNodes: [{ url: 'redis://127.0.0.1:1' }] });
  const build = () => nodeRedisDriver(cluster, { wait: { replicas: 1, timeout: 100 } });
  expect(build).toThrow(InvalidOptionError);
  expect(build).toThrow(/Cluster failover.*offered on a plain or Sentinel client/);
});
