import { InvalidOptionError } from '@vial/core';
import { createClient, createClientPool } from 'redis';
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
