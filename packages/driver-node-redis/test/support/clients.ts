import type { ClusterNode } from '@vial/test-redis';
import { testRedis } from '@vial/test-redis/vitest';
import { createClient, createCluster } from 'redis';
import { type NodeRedisConnection, nodeRedisDriver } from '../../src/index.js';

/**
 * Client settings the tests use, and the README recommends: commands fail
 * after 1 s instead of waiting in the offline queue for node-redis's default
 * 5 s, and a hung server is detected by `socketTimeout` (node-redis 6 stops
 * timing a command once it is written), kept from firing on an idle but
 * healthy connection by `pingInterval`.
 */
export const TEST_CLIENT_OPTIONS = {
  pingInterval: 500,
  commandOptions: { timeout: 1000 },
  socket: {
    connectTimeout: 1000,
    socketTimeout: 2000,
    reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 500),
  },
};

/** A connected node-redis client or cluster, as a test sees it. */
export interface TestClient {
  /** What the test hands to `nodeRedisDriver`. */
  readonly connection: NodeRedisConnection;
  /** Sends a raw command, routed by `key` on a cluster. */
  send(args: string[], key?: string): Promise<unknown>;
  /** Ports of the servers (every master of a cluster). */
  readonly ports: readonly number[];
  /** Errors the client emitted (reconnect attempts and the like). */
  readonly errors: readonly Error[];
  /** True while the client is connected and ready (for a cluster: always true once connected). */
  isReady(): boolean;
  /** Closes the client, as its owner (the test) must. */
  close(): Promise<void>;
}

/** A connected `createClient()` client for `url`, with {@link TEST_CLIENT_OPTIONS}. */
export async function connectClient(
  url: string,
  extra: {
    RESP?: 2 | 3;
    /** `false`: start connecting without waiting, as an app whose Redis is down at start. */
    connect?: boolean;
    disableOfflineQueue?: boolean;
    /** Milliseconds between PINGs; 0 for none (for tests that count bytes or replies). */
    pingInterval?: number;
    socketTimeout?: number;
  } = {},
): Promise<TestClient> {
  const client = createClient({
    url,
    ...TEST_CLIENT_OPTIONS,
    RESP: extra.RESP ?? 3,
    disableOfflineQueue: extra.disableOfflineQueue ?? false,
    pingInterval: extra.pingInterval ?? TEST_CLIENT_OPTIONS.pingInterval,
    socket: {
      ...TEST_CLIENT_OPTIONS.socket,
      socketTimeout: extra.socketTimeout ?? TEST_CLIENT_OPTIONS.socket.socketTimeout,
    },
  });
  const errors: Error[] = [];
  client.on('error', (error: Error) => errors.push(error));
  if (extra.connect === false) {
    // Connecting retries in the background while the server is down.
    client.connect().catch((error: Error) => errors.push(error));
  } else {
    await client.connect();
  }
  return {
    connection: client,
    send: (args) => client.sendCommand(args),
    ports: [Number(new URL(url).port)],
    errors,
    isReady: () => client.isReady,
    close: async () => {
      if (client.isOpen) client.destroy();
    },
  };
}

/** A connected `createCluster()` over `nodes`, each node client with {@link TEST_CLIENT_OPTIONS}. */
export async function connectCluster(nodes: readonly ClusterNode[]): Promise<TestClient> {
  const cluster = createCluster({
    rootNodes: nodes.map((node) => ({ url: `redis://${node.host}:${node.port}` })),
    defaults: TEST_CLIENT_OPTIONS,
  });
  const errors: Error[] = [];
  cluster.on('error', (error: Error) => errors.push(error));
  await cluster.connect();
  return {
    connection: cluster,
    send: (args, key) => cluster.sendCommand(key, false, args),
    isReady: () => cluster.isReady,
    ports: nodes.map((node) => node.port),
    errors,
    close: async () => {
      if (cluster.isOpen) cluster.destroy();
    },
  };
}

/** The two deployments every behaviour is checked against. */
export const TARGETS = ['standalone', 'cluster'] as const;

/** A client for the run's shared standalone server or cluster (from the global setup). */
export function connectTarget(target: (typeof TARGETS)[number]): Promise<TestClient> {
  const redis = testRedis();
  return target === 'standalone' ? connectClient(redis.url) : connectCluster(redis.clusterNodes);
}

/** A cluster or Sentinel client before `connect()`, as the failover suites build them. */
interface Unconnected {
  on(event: 'error', listener: () => void): unknown;
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
}

/** Connects `client` and gives the failover suites its driver (with `wait`) and a close that never throws. */
export async function failoverClient(
  client: Unconnected,
  wait?: { replicas: number; timeout: number },
) {
  // Reconnection errors are the point of these tests; the driver sees them as rejections.
  client.on('error', () => {});
  await client.connect();
  return {
    driver: nodeRedisDriver(
      client as unknown as NodeRedisConnection,
      wait === undefined ? {} : { wait },
    ),
    close: async () => {
      await client.close().catch(() => undefined);
    },
  };
}
