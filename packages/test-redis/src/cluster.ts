import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisCli } from './cli.js';
import { eventually } from './eventually.js';
import { type RedisServer, startRedisServer } from './server.js';

/** A node address of a {@link RedisCluster}. */
export interface ClusterNode {
  readonly host: string;
  readonly port: number;
}

/** A real Redis Cluster of three masters (with `replicas` replicas each) on loopback ports. */
export interface RedisCluster {
  /** The three masters at start, as ioredis `new Cluster(nodes)` and node-redis `createCluster` take them. */
  readonly nodes: readonly ClusterNode[];
  /** Every server, masters first. */
  readonly servers: readonly RedisServer[];
  /** The port of the master that serves `key` now (`CLUSTER KEYSLOT`, `CLUSTER NODES`). */
  masterOf(key: string): Promise<number>;
  /** The hash slot of `key` (`CLUSTER KEYSLOT`). */
  slotOf(key: string): Promise<number>;
  /** The slot ranges the master at `port` serves now. */
  rangesOf(port: number): Promise<ReadonlyArray<readonly [number, number]>>;
  /**
   * Resolves once the slots of the master at `formerPort` are served by
   * another master (its replica, promoted) and every live node says
   * `cluster_state:ok`.
   */
  failedOver(formerPort: number, timeoutMs?: number): Promise<number>;
  /** Stops every node and removes the cluster's temp directory. */
  stop(): Promise<void>;
}

/** Options of {@link startRedisCluster}. */
export interface RedisClusterOptions {
  /** Replicas per master. Default 0. */
  readonly replicas?: number;
  /** `cluster-node-timeout` (ms): how soon a dead master is failed over. Default 5000. */
  readonly nodeTimeoutMs?: number;
  /**
   * `cluster-require-full-coverage`: with `false`, a master that is down
   * stops only its own slots, not the whole cluster. Default `true`, Redis's.
   */
  readonly requireFullCoverage?: boolean;
}

/** A master of `CLUSTER NODES` and the slot ranges it serves. */
interface MasterSlots {
  readonly port: number;
  readonly ranges: ReadonlyArray<readonly [number, number]>;
}

/** The live masters `CLUSTER NODES`, asked of the node at `port`, lists with their slots. */
async function mastersOf(port: number): Promise<MasterSlots[]> {
  const lines = (await redisCli(port, ['cluster', 'nodes'])).trim().split('\n');
  const masters: MasterSlots[] = [];
  for (const line of lines) {
    const [, address = '', flags = '', , , , , , ...slots] = line.split(' ');
    if (!flags.includes('master') || flags.includes('fail')) continue;
    const ranges = slots
      .filter((slot) => !slot.startsWith('['))
      .map((slot): [number, number] => {
        const [from, to = from] = slot.split('-');
        return [Number(from), Number(to)];
      });
    if (ranges.length > 0) masters.push({ port: Number(address.split(/[:@]/)[1]), ranges });
  }
  return masters;
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
 * (`--cluster-enabled yes`, `redis-cli --cluster create ... --cluster-replicas N`)
 * and resolves once every node reports `cluster_state:ok` (about 2 s) and
 * every replica is in sync.
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const { replicas = 0, nodeTimeoutMs = 5000, requireFullCoverage = true } = options;
  const dir = await mkdtemp(join(tmpdir(), 'vial-cluster-'));
  const servers: RedisServer[] = [];
  try {
    for (let i = 0; i < 3 * (1 + replicas); i++) {
      servers.push(
        await startRedisServer({
          dir,
          args: [
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            join(dir, `nodes-${i}.conf`),
            '--cluster-node-timeout',
            String(nodeTimeoutMs),
            '--cluster-require-full-coverage',
            requireFullCoverage ? 'yes' : 'no',
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
      String(replicas),
      '--cluster-yes',
    ]);
    await waitForClusterOk(ports, 20_000);
    if (replicas > 0) {
      await eventually(async () => {
        for (const port of ports) {
          const info = await redisCli(port, ['info', 'replication']);
          if (info.includes('role:slave') && !info.includes('master_link_status:up')) {
            throw new Error(`replica ${port} not in sync yet`);
          }
        }
      }, 20_000);
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const live = () => servers.filter((server) => server.pid !== undefined);
  const asked = () => live()[0]?.port ?? 0;
  const slotOf = async (key: string) =>
    Number((await redisCli(asked(), ['cluster', 'keyslot', key])).trim());
  const masterOf = async (key: string) => {
    const slot = await slotOf(key);
    const owner = (await mastersOf(asked())).find(({ ranges }) =>
      ranges.some(([from, to]) => slot >= from && slot <= to),
    );
    if (owner === undefined) throw new Error(`no master serves slot ${slot}`);
    return owner.port;
  };
  return {
    // Masters first: redis-cli --cluster create makes the first three the masters.
    nodes: servers.slice(0, 3).map((server) => ({ host: server.host, port: server.port })),
    servers,
    masterOf,
    slotOf,
    rangesOf: async (port) => (await mastersOf(asked())).find((m) => m.port === port)?.ranges ?? [],
    failedOver: (formerPort, timeoutMs = 30_000) =>
      eventually(async () => {
        for (const server of live()) {
          const info = await redisCli(server.port, ['cluster', 'info']);
          if (!info.includes('cluster_state:ok')) throw new Error(`${server.port} is not ok yet`);
        }
        const masters = await mastersOf(live()[0]?.port ?? 0);
        if (masters.length !== 3 || masters.some(({ port }) => port === formerPort)) {
          throw new Error('the slots of the dead master are not served by another yet');
        }
        return formerPort;
      }, timeoutMs),
    async stop() {
      await Promise.all(servers.map((server) => server.stop()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
