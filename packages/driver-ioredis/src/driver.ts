import {
  type Driver,
  type NewRecord,
  type ReadOptions,
  type RecordDelta,
  StorageUnavailableError,
  type StoredRecord,
  type UpdateResult,
  type UserIndex,
  type UserIndexEntry,
} from '@vial/core';
import {
  createArgs,
  decodeCreate,
  decodeIndexList,
  decodeRead,
  decodeUpdate,
  groupBySlot,
  indexAddArgs,
  indexListArgs,
  indexRemoveArgs,
  keyspace,
  type RedisScript,
  readArgs,
  runScript,
  scripts,
  updateArgs,
} from '@vial/redis-scripts';
import type { Cluster, Redis } from 'ioredis';
import { type IoredisDriverOptions, resolveOptions } from './options.js';

const NAME = 'ioredis';

/** Runs `work`, turning any client or server error into core's StorageUnavailableError (with `cause`). */
async function guard<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new StorageUnavailableError(NAME, operation, error);
  }
}

/** A {@link Driver} with every optional capability present. */
export type IoredisDriver = Driver & Required<Pick<Driver, 'userIndex' | 'sids' | 'close'>>;

function isCluster(client: Redis | Cluster): client is Cluster {
  return (client as { isCluster?: boolean }).isCluster === true;
}

/**
 * A vial driver over an ioredis `Redis` or `Cluster` client that you create
 * and own. The driver never connects, quits or disconnects it.
 *
 * Each required operation is one command: `read`, `create` and `update` are
 * one `EVALSHA` each (the first call after a server restart also sends the
 * script once, on NOSCRIPT), `destroy` one `UNLINK` (one per hash slot on a
 * Cluster). Capabilities: user index, iteration over sids, conditional update.
 *
 * ```ts
 * import Redis from 'ioredis';
 * const vial = new Vial({ driver: ioredisDriver(new Redis(process.env.REDIS_URL)) });
 * ```
 */
export function ioredisDriver(
  client: Redis | Cluster,
  options?: IoredisDriverOptions,
): IoredisDriver {
  const { prefix, scanCount } = resolveOptions(options);
  const keys = keyspace(prefix);

  function run(script: RedisScript, key: string, args: string[]): Promise<unknown> {
    return runScript(
      script,
      (sha1) => client.evalsha(sha1, 1, key, ...args),
      (source) => client.eval(source, 1, key, ...args),
    );
  }

  /** The sids on one node, SCANned in steps of `scanCount`. */
  async function* scanNode(node: Redis): AsyncGenerator<string> {
    let cursor = '0';
    do {
      const [next, found] = await guard('sids', () =>
        node.scan(cursor, 'MATCH', keys.sessionPattern, 'COUNT', scanCount),
      );
      cursor = next;
      for (const key of found) yield keys.sidOf(key);
    } while (cursor !== '0');
  }

  const userIndex: UserIndex = {
    add: (userId: string, sid: string, expiresAt: number | null, now: number) =>
      guard('userIndex.add', async () => {
        await run(scripts.indexAdd, keys.user(userId), indexAddArgs(sid, expiresAt, now));
      }),
    list: (userId: string, now: number): Promise<UserIndexEntry[]> =>
      guard('userIndex.list', async () =>
        decodeIndexList(await run(scripts.indexList, keys.user(userId), indexListArgs(now))),
      ),
    remove: (userId: string, sids: readonly string[]) =>
      guard('userIndex.remove', async () => {
        if (sids.length > 0)
          await run(scripts.indexRemove, keys.user(userId), indexRemoveArgs(sids));
      }),
  };

  return {
    name: NAME,
    capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
    userIndex,

    read: (sid: string, opts: ReadOptions): Promise<StoredRecord | null> =>
      guard('read', async () =>
        decodeRead(await run(scripts.read, keys.session(sid), readArgs(opts)), opts),
      ),

    create: (sid: string, record: NewRecord): Promise<boolean> =>
      guard('create', async () =>
        decodeCreate(await run(scripts.create, keys.session(sid), createArgs(record))),
      ),

    update: (sid: string, delta: RecordDelta): Promise<UpdateResult> =>
      guard('update', async () =>
        decodeUpdate(await run(scripts.update, keys.session(sid), updateArgs(delta))),
      ),

    destroy: (sids: readonly string[]) =>
      guard('destroy', async () => {
        if (sids.length === 0) return;
        const sessionKeys = sids.map(keys.session);
        // A multi-key UNLINK must stay within one hash slot on a Cluster.
        const groups = isCluster(client) ? groupBySlot(sessionKeys) : [sessionKeys];
        await Promise.all(groups.map((group) => client.unlink(...group)));
      }),

    async *sids(): AsyncGenerator<string> {
      // A Cluster knows its masters only once connected; a queued PING waits for that.
      if (isCluster(client) && client.status !== 'ready') await guard('sids', () => client.ping());
      const nodes = isCluster(client) ? client.nodes('master') : [client];
      // SCAN may return a key twice while Redis rehashes; the contract says once.
      const seen = new Set<string>();
      for (const node of nodes) {
        for await (const sid of scanNode(node)) {
          if (seen.has(sid)) continue;
          seen.add(sid);
          yield sid;
        }
      }
    },

    /** Resolves at once: the client is yours, and the driver opened nothing. */
    async close() {},
  };
}
