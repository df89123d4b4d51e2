import { randomBytes } from 'node:crypto';
import { testRedis } from '@vial/test-redis/vitest';
import { Cluster, Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { type IoredisDriver, ioredisDriver } from '../src/index.js';

/** Where a test runs: the run's standalone server or its three-master cluster. */
export type Target = 'standalone' | 'cluster';
export const targets: readonly Target[] = ['standalone', 'cluster'];

/** Client settings that make a dead server fail commands in well under a second. */
export const fastFailure = {
  maxRetriesPerRequest: 1,
  connectTimeout: 500,
  commandTimeout: 2000,
  retryStrategy: () => 100,
} as const;

const opened: Array<Redis | Cluster> = [];
afterAll(() => {
  for (const client of opened) client.disconnect();
});

/** A client of `target`, disconnected after the file's tests. */
export function connect(target: Target): Redis | Cluster {
  const { url, clusterNodes } = testRedis();
  const client =
    target === 'standalone'
      ? new Redis(url, fastFailure)
      : new Cluster([...clusterNodes], { redisOptions: fastFailure });
  opened.push(client);
  return client;
}

/** A prefix no other test uses, so tests sharing a server never see each other's keys. */
export function uniquePrefix(): string {
  return `t${randomBytes(6).toString('hex')}:`;
}

/** A driver over a fresh client of `target`, under a unique prefix. */
export function driverFor(target: Target): {
  driver: IoredisDriver;
  client: Redis | Cluster;
  prefix: string;
} {
  const client = connect(target);
  const prefix = uniquePrefix();
  return { driver: ioredisDriver(client, { prefix }), client, prefix };
}

/** A new random sid, as core mints them (16 random bytes, base64url). */
export function newSid(): string {
  return randomBytes(16).toString('base64url');
}

/** A day from `now` (epoch ms), as an `expiresAt`. */
export const inADay = (now = Date.now()) => now + 86_400_000;

/** Ports of every server of `target`. */
export function portsOf(target: Target): number[] {
  const { port, clusterNodes } = testRedis();
  return target === 'standalone' ? [port] : clusterNodes.map((node) => node.port);
}
