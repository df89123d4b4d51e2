import { randomBytes } from 'node:crypto';
import type { StoredRecord } from '@vial/core';
import { type RedisServer, redisCli, startRedisServer } from '@vial/test-redis';
import { afterAll, beforeAll } from 'vitest';
import { createRedisDriver, type RedisDriver, type RedisTransport } from '../src/index.js';

// The driver body over redis-cli, with no client library: one server per test file.

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server.stop());

/** Every command through redis-cli (RESP2, JSON output): the body, with no client library. */
export async function cli(args: readonly string[]): Promise<unknown> {
  const out = (await redisCli(server.port, ['-2', '--json', ...args])).trim();
  // redis-cli prints an error reply as `error:"<message>"`.
  if (out.startsWith('error:')) throw new Error(JSON.parse(out.slice('error:'.length)));
  return JSON.parse(out);
}

/** What a test may change of the transport: the key prefix, and a step run before each command is sent. */
export interface Over {
  readonly prefix?: string;
  readonly before?: (args: string[]) => Promise<void> | void;
}

export function driverOver(
  sent: string[][] = [],
  over: Over = {},
): { driver: RedisDriver; prefix: string } {
  const transport: RedisTransport = {
    name: 'cli',
    clustered: false,
    async send(_key, args) {
      await over.before?.(args);
      sent.push(args);
      return cli(args);
    },
    async masters() {
      return [(args) => cli(args)];
    },
  };
  const prefix = over.prefix ?? `t${randomBytes(4).toString('hex')}:`;
  return { driver: createRedisDriver(transport, 'testDriver()', { prefix }), prefix };
}

export const sid = () => randomBytes(16).toString('base64url');
export const DAY = 86_400_000;

export async function created(
  driver: RedisDriver,
  fields: Record<string, string>,
  now = Date.now(),
) {
  const id = sid();
  await driver.create(id, { fields: new Map(Object.entries(fields)), expiresAt: now + DAY, now });
  return id;
}

export async function basisOf(driver: RedisDriver, id: string): Promise<StoredRecord> {
  return (await driver.read(id, { now: Date.now() })) as StoredRecord;
}
