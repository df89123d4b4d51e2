import type { ClusterNode } from './cluster.js';
import { startRedisCluster } from './cluster.js';
import { startRedisServer } from './server.js';

/** What the global setup provides to tests; read it with `testRedis()` from `@vial/test-redis/vitest`. */
export interface ProvidedRedis {
  /** `redis://127.0.0.1:<port>` of the run's standalone server. */
  readonly vialRedisUrl: string;
  /** The masters of the run's three-node cluster. */
  readonly vialClusterNodes: readonly ClusterNode[];
}

/** The part of vitest's `TestProject` that the setup uses. */
interface Provider {
  provide(key: string, value: unknown): void;
}

/** Parses `VIAL_CLUSTER_NODES` (`127.0.0.1:7000,127.0.0.1:7001,...`). */
function parseNodes(value: string): ClusterNode[] {
  return value.split(',').map((entry) => {
    const at = entry.lastIndexOf(':');
    return { host: entry.slice(0, at), port: Number(entry.slice(at + 1)) };
  });
}

/**
 * vitest `globalSetup`: starts one standalone server and one three-node
 * cluster for the whole test run, provides their addresses to tests
 * (`inject('vialRedisUrl')`, `inject('vialClusterNodes')`) and also sets
 * `VIAL_REDIS_URL` / `VIAL_CLUSTER_NODES`, and stops them at the end. When
 * those variables are already set, it reuses the servers they name.
 */
export default async function setup(project: Provider): Promise<() => Promise<void>> {
  const stops: Array<() => Promise<void>> = [];
  let url = process.env.VIAL_REDIS_URL;
  let nodes = process.env.VIAL_CLUSTER_NODES
    ? parseNodes(process.env.VIAL_CLUSTER_NODES)
    : undefined;
  const [server, cluster] = await Promise.all([
    url ? undefined : startRedisServer(),
    nodes ? undefined : startRedisCluster(),
  ]);
  if (server) {
    url = server.url;
    stops.push(() => server.stop());
  }
  if (cluster) {
    nodes = [...cluster.nodes];
    stops.push(() => cluster.stop());
  }
  const provided: ProvidedRedis = { vialRedisUrl: url ?? '', vialClusterNodes: nodes ?? [] };
  project.provide('vialRedisUrl', provided.vialRedisUrl);
  project.provide('vialClusterNodes', provided.vialClusterNodes);
  process.env.VIAL_REDIS_URL = provided.vialRedisUrl;
  process.env.VIAL_CLUSTER_NODES = provided.vialClusterNodes
    .map((n) => `${n.host}:${n.port}`)
    .join(',');
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}
