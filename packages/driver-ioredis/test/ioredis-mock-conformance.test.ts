import { describeRedisConformance } from '@vial/test-redis/suites';
import type { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';
import { ioredisDriver } from '../src/index.js';

type Method = (...args: string[]) => Promise<unknown>;

// The driver contract and the end-to-end checks (verify before write, the
// revoke attack included) on ioredis-mock, which apps use in their unit
// tests: its Lua (fengari) and its TTLs must behave as Redis's do. Two
// differences of the mock's own: it keeps answering after disconnect(), so
// the outage clauses cannot run; and it reads a string as a list with an
// error of its own rather than WRONGTYPE, so the corrupt record is a list
// whose element is no record.
describeRedisConformance<Redis>({
  name: 'ioredis-mock',
  connect: async () => new RedisMock(),
  driver: (client, prefix) => ioredisDriver(client, { prefix }),
  send: (client, _key, [name, ...args]) =>
    ((client as unknown as Record<string, Method>)[(name as string).toLowerCase()] as Method).apply(
      client,
      args,
    ),
  close: async (client) => client.disconnect(),
  canFail: false,
  corrupt: (key) => ['RPUSH', key, 'not a vial session'],
});
