import { inject } from 'vitest';
import type { ClusterNode } from './cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    vialRedisUrl: string;
    vialClusterNodes: readonly ClusterNode[];
  }
}

/** Addresses of the servers that `@vial/test-redis/global-setup` started for this run. */
export interface TestRedis {
  /** `redis://127.0.0.1:<port>` of the standalone server. */
  readonly url: string;
  /** Port of the standalone server. */
  readonly port: number;
  /** The three masters of the cluster. */
  readonly clusterNodes: readonly ClusterNode[];
}

/**
 * The run's servers, from vitest's `inject`. Throws when the package's
 * vitest config lacks `globalSetup: ['@vial/test-redis/global-setup']`.
 */
export function testRedis(): TestRedis {
  const url = inject('vialRedisUrl');
  const clusterNodes = inject('vialClusterNodes');
  if (!url || !clusterNodes || clusterNodes.length === 0) {
    throw new Error(
      "No test Redis was provided: add `test: { globalSetup: ['@vial/test-redis/global-setup'] }` to this package's vitest.config.ts.",
    );
  }
  return { url, port: Number(new URL(url).port), clusterNodes };
}
