import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisCli } from './cli.js';
import { type RedisServer, startRedisServer } from './server.js';

/** A node address of a {@link RedisCluster}. */
export interface ClusterNode {
  readonly host: string;
  readonly port: number;
}

/** A real Redis Cluster of three masters (no replicas) on loopback ports. */
export interface RedisCluster {
  /** The three masters, as ioredis `new Cluster(nodes)` and node-redis `createCluster` take them. */
  readonly nodes: readonly ClusterNode[];
  /** Stops every node and removes the cluster's temp directory. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once every node reports `cluster_state:ok`, or throws after `timeoutMs`. */
async function waitForClusterOk(ports: readonly number[], timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (const port of ports) {
    for (;;) {
      const info = await redisCli(port, ['cluster', 'info']);
      if (info.includes('cluster_state:ok')) break;
      if (Date.now() > until) throw new Error(`Redis Cluster node ${port} is not ok:\n${info}`);
      await sleep(50);
    }
  }
}

/**
 * Starts a real three-master Redis Cluster on loopback ports
 * (`--cluster-enabled yes`, `redis-cli --cluster create ... --cluster-replicas 0`)
 * and resolves once every node reports `cluster_state:ok` (about 2 s).
 */
export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'vial-cluster-'));
  const servers: RedisServer[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      servers.push(
        await startRedisServer({
          dir,
          args: [
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            join(dir, `nodes-${i}.conf`),
            '--cluster-node-timeout',
            '5000',
          ],
        }),
      );
    }
    const ports = servers.map((server) => server.port);
    await redisCli(ports[0] ?? 0, [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await waitForClusterOk(ports, 20_000);
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    nodes: servers.map((server) => ({ host: server.host, port: server.port })),
    async stop() {
      await Promise.all(servers.map((server) => server.stop()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
