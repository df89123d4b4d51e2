import type { Writable } from 'node:stream';
import {
  createRedisDriver,
  type RedisDriver,
  type RedisDriverOptions,
  type RedisTransport,
} from '@vial/redis';
import type { Cluster, Redis } from 'ioredis';

/** A vial driver over ioredis: every optional member present. */
export type IoredisDriver = RedisDriver;

function isCluster(client: Redis | Cluster): client is Cluster {
  return (client as { isCluster?: boolean }).isCluster === true;
}

type Method = (...args: string[]) => Promise<unknown>;

/** Sends a command by its ioredis method (`lrange`, `evalsha`...), which ioredis-mock has too. */
function send(client: Redis | Cluster, args: string[]): Promise<unknown> {
  const [name, ...rest] = args;
  const method = (client as unknown as Record<string, Method>)[(name as string).toLowerCase()];
  return (method as Method).apply(client, rest);
}

/**
 * ioredis writes each command to its socket at once: a system call per command
 * in this process and in Redis. The driver corks the sockets while it sends,
 * and uncorks them once this turn of the event loop has run its I/O callbacks
 * (`setImmediate`, as node-redis does) or after {@link BATCH} commands,
 * whichever comes first: the commands of concurrent requests, each parsed in
 * an I/O callback of its own, leave in a few writes, and Redis works on one
 * batch while this process prepares the next, which one write per turn would
 * serialize.
 */
const BATCH = 16;

interface Corker {
  /** Before a command is sent: corks the sockets, unless they are. */
  before(): void;
  /** After: uncorks them once the batch is full. */
  after(): void;
}

function corker(client: Redis | Cluster, clustered: boolean): Corker {
  let corked: Writable[] | null = null;
  let sent = 0;
  let scheduled = false;
  const uncork = () => {
    for (const stream of corked ?? []) stream.uncork();
    corked = null;
    sent = 0;
  };
  const atTurnEnd = () => {
    scheduled = false;
    uncork();
  };
  const streams = (): readonly (Writable | undefined)[] =>
    clustered
      ? (client as Cluster).nodes('all').map((node) => node.stream)
      : [(client as Redis).stream];
  return {
    before() {
      if (corked !== null) return;
      corked = [];
      // ioredis-mock, and a client not yet connected, have no socket to cork.
      for (const stream of streams()) {
        if (stream !== undefined && typeof stream.cork === 'function' && stream.writable) {
          stream.cork();
          corked.push(stream);
        }
      }
      if (!scheduled) {
        scheduled = true;
        setImmediate(atTurnEnd);
      }
    },
    after() {
      if (++sent >= BATCH) uncork();
    },
  };
}

/** The transport: ioredis routes a command to the node of its key by itself, on a Cluster too. */
function transportOf(client: Redis | Cluster): RedisTransport {
  const clustered = isCluster(client);
  const cork = corker(client, clustered);
  return {
    name: 'ioredis',
    clustered,
    ...(clustered
      ? {
          cannotWait:
            "an ioredis Cluster sends WAIT, a command without a key, to any node, not to the master that took the write; use node-redis's createCluster() (it routes WAIT by the written key), or Sentinel",
        }
      : {}),
    send: (_key, args) => {
      cork.before();
      const reply = send(client, args);
      cork.after();
      return reply;
    },
    async masters() {
      if (!clustered) return [(args) => send(client, args)];
      // A Cluster knows its masters only once connected; a queued PING waits for that.
      if (client.status !== 'ready') await client.ping();
      return client.nodes('master').map((node) => (args: string[]) => send(node, args));
    },
  };
}

/**
 * A vial driver over an ioredis `Redis` or `Cluster` client that you create
 * and own. The driver never connects, quits or disconnects it.
 *
 * A load is one `LRANGE`; a save one `RPUSHX` (a script now and then); a
 * touch and a create one `EVALSHA`; a destroy one `UNLINK` (one per hash slot
 * on a Cluster). Every command touches one key. With the user index,
 * iteration over sids and conditional updates.
 *
 * ```ts
 * import { Redis } from 'ioredis';
 * const vial = new Vial({ driver: ioredisDriver(new Redis(process.env.REDIS_URL)) });
 * ```
 */
export function ioredisDriver(
  client: Redis | Cluster,
  options?: RedisDriverOptions,
): IoredisDriver {
  return createRedisDriver(transportOf(client), 'ioredisDriver()', options);
}
