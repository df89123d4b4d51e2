import { describeRedisConformance } from '@vial/test-redis/suites';
import { testRedis } from '@vial/test-redis/vitest';
import * as redis6 from 'redis';
import * as redis5 from 'redis5';
import { type NodeRedisConnection, nodeRedisDriver } from '../src/index.js';
import { TEST_CLIENT_OPTIONS } from './support/clients.js';

/** What the tests need of a client or cluster of either major. */
interface Client {
  readonly connection: NodeRedisConnection;
  send(key: string, args: string[]): Promise<unknown>;
  destroy(): void;
}

async function open(lib: typeof redis6, target: 'standalone' | 'cluster'): Promise<Client> {
  const { url, clusterNodes } = testRedis();
  if (target === 'standalone') {
    const client = lib.createClient({ url, ...TEST_CLIENT_OPTIONS });
    client.on('error', () => {});
    await client.connect();
    return {
      connection: client,
      send: (_key, args) => client.sendCommand(args),
      destroy: () => client.destroy(),
    };
  }
  const cluster = lib.createCluster({
    rootNodes: clusterNodes.map((node) => ({ url: `redis://${node.host}:${node.port}` })),
    defaults: TEST_CLIENT_OPTIONS,
  });
  cluster.on('error', () => {});
  await cluster.connect();
  return {
    connection: cluster,
    send: (key, args) => cluster.sendCommand(key, false, args),
    destroy: () => cluster.destroy(),
  };
}

// Both majors the peer range admits, on a standalone server and on a cluster.
for (const [major, lib] of [
  ['5', redis5 as unknown as typeof redis6],
  ['6', redis6],
] as const) {
  for (const target of ['standalone', 'cluster'] as const) {
    describeRedisConformance<Client>({
      name: `node-redis ${major} on a ${target} Redis`,
      connect: () => open(lib, target),
      driver: (client, prefix) => nodeRedisDriver(client.connection, { prefix }),
      send: (client, key, args) => client.send(key, args),
      close: async (client) => client.destroy(),
    });
  }
}
