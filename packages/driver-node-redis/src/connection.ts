import { ClientNotConnectedError } from '@vial/core';
import type { RedisTransport, Send } from '@vial/redis';
import { CommandTimeoutError, type DeadlineSource, deadlines } from './deadline.js';

/**
 * A node-redis client from `createClient()`, or a pool from `createClientPool()`,
 * connected by the user. Declared by the one method the driver calls, so that
 * any modules, scripts, RESP version or type mapping the client has fit.
 */
export interface NodeRedisClient {
  /**
   * node-redis's raw command method; the driver sends every command through
   * it, with options only to share one timeout among commands (`deadline.ts`).
   */
  sendCommand(
    args: string[],
    options?: { readonly timeout?: number; readonly abortSignal?: AbortSignal },
  ): Promise<unknown>;
}

/** A node-redis cluster from `createCluster()`, connected by the user. */
export interface NodeRedisCluster {
  /** The cluster's masters, as node-redis tracks them. */
  readonly masters: readonly unknown[];
  /** A client connected to one node of {@link NodeRedisCluster.masters}. */
  nodeClient(node: unknown): Promise<NodeRedisClient>;
  /** Sends a raw command to the master of `firstKey`'s slot. */
  sendCommand(
    firstKey: string | undefined,
    isReadonly: boolean | undefined,
    args: string[],
  ): Promise<unknown>;
}

/** A Sentinel-managed master from node-redis's `createSentinel()`, connected by the user. */
export interface NodeRedisSentinel {
  /** The current master; its presence tells a Sentinel from a plain client. */
  getMasterNode(): unknown;
  /** Sends a raw command; with `isReadonly: false`, always to the master. */
  sendCommand(isReadonly: boolean | undefined, args: string[]): Promise<unknown>;
}

/** Anything {@link nodeRedisDriver} accepts: a connected client, pool, cluster or Sentinel. */
export type NodeRedisConnection = NodeRedisClient | NodeRedisCluster | NodeRedisSentinel;

// Commands go out with the client's own options (timeouts, type mapping): the
// body reads replies that come back as bytes as well as strings.
const NAME = 'node-redis';

function isCluster(client: NodeRedisConnection): client is NodeRedisCluster {
  return 'nodeClient' in client && typeof client.nodeClient === 'function';
}

function isSentinel(client: NodeRedisConnection): client is NodeRedisSentinel {
  return 'getMasterNode' in client && typeof client.getMasterNode === 'function';
}

/**
 * Wraps whichever node-redis object the user passed. Detection is structural,
 * not `instanceof`, so that two copies of `redis` in one install still work.
 */
export function transportOf(client: NodeRedisConnection): RedisTransport {
  const transport = baseTransportOf(client);
  const send = transport.send;
  const flag = client as OpenFlag;
  // Once the client was seen open, commands go straight through: no wrapper on the hot path.
  let seenOpen = false;
  return {
    ...transport,
    send: (key, args) => {
      if (!seenOpen) seenOpen = flag.isOpen !== false;
      if (seenOpen) return send(key, args);
      return send(key, args).catch((error: unknown) => {
        throw flag.isOpen === false ? neverConnected() : error;
      });
    },
  };
}

/**
 * node-redis's `isOpen`: `true` from `connect()` until `close()`, absent on
 * look-alike clients. A client never seen open fails with the advice to call
 * `connect()`, where node-redis's own "The client is closed" reads like a
 * network fault.
 */
interface OpenFlag {
  readonly isOpen?: unknown;
}

function neverConnected(): ClientNotConnectedError {
  return new ClientNotConnectedError(
    'the node-redis client',
    'Call `await client.connect()` before the first request: createClient() does not connect (nor do createCluster() and createSentinel()).',
  );
}

function baseTransportOf(client: NodeRedisConnection): RedisTransport {
  if (isCluster(client)) {
    return {
      name: NAME,
      clustered: true,
      // Measured in a failover under load (docs/production.md): not safe to offer.
      cannotWait:
        "during a Cluster failover node-redis's cluster client re-creates its node connections, and WAITs sent to the healthy masters failed and hung (up to 67 s in a test); wait is offered on a plain or Sentinel client, and a Cluster replicates asynchronously",
      // The key is only a routing hint: node-redis sends `args` as they are,
      // to the master of the key's slot, following MOVED/ASK itself.
      send: (key, args) => client.sendCommand(key, false, args),
      async masters() {
        // A closed cluster forgets its masters: SCAN over none would look like an empty store.
        if (client.masters.length === 0)
          throw new Error('the node-redis cluster knows no master: is it connected?');
        const nodes = await Promise.all(client.masters.map((master) => client.nodeClient(master)));
        const senders: Send[] = nodes.map((node) => (args) => node.sendCommand(args));
        return senders;
      },
    };
  }
  if (isSentinel(client)) {
    // `false`: not read-only, so it goes to the master even with `useReplicas`.
    const send: Send = (args) => client.sendCommand(false, args);
    return {
      name: NAME,
      clustered: false,
      send: (_key, args) => send(args),
      masters: async () => [send],
    };
  }
  // A plain client and a pool have the same `sendCommand(args, options)`.
  const plain = client as NodeRedisClient & DeadlineSource;
  const pool = 'totalClients' in plain;
  const deadline = deadlines(plain);
  const send: Send = (args) => {
    const shared = deadline();
    if (shared === undefined) return plain.sendCommand(args);
    return plain.sendCommand(args, shared.options).catch((error: unknown) => {
      throw shared.options.abortSignal.aborted
        ? new CommandTimeoutError(shared.timeoutMs, error)
        : error;
    });
  };
  return {
    name: NAME,
    clustered: false,
    ...(pool
      ? {
          cannotWait:
            'a client pool sends each command on any of its connections, and WAIT counts the writes of its own connection only; give the driver a client from createClient()',
        }
      : {}),
    send: (_key, args) => send(args),
    masters: async () => [send],
  };
}
