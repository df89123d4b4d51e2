import type { Driver, UserIndex } from '@vial/core';
import { InvalidOptionError } from '@vial/core';
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
import { type Connection, connectionOf, type NodeRedisConnection } from './connection.js';
import { type NodeRedisDriverOptions, resolveDriverOptions } from './options.js';
import { scanKeys } from './scan.js';
import { guarded, unavailable } from './unavailable.js';

const NAME = 'node-redis';

/** Runs a one-key script on the node owning `key`: one `EVALSHA`, plus one `EVAL` after NOSCRIPT. */
function run(
  connection: Connection,
  script: RedisScript,
  key: string,
  args: readonly string[],
): Promise<unknown> {
  return runScript(
    script,
    (sha1) => connection.sendFor(key, ['EVALSHA', sha1, '1', key, ...args]),
    (source) => connection.sendFor(key, ['EVAL', source, '1', key, ...args]),
  );
}

function assertClient(client: unknown): asserts client is NodeRedisConnection {
  if (
    client === null ||
    typeof client !== 'object' ||
    typeof (client as { sendCommand?: unknown }).sendCommand !== 'function'
  ) {
    throw new InvalidOptionError(
      'client',
      'nodeRedisDriver() takes a node-redis client, pool, cluster or Sentinel, such as `await createClient().connect()`; got ' +
        (client === null ? 'null' : typeof client),
    );
  }
}

/**
 * A vial driver over a node-redis (`redis` 6) client, client pool, cluster or
 * Sentinel that you create, connect and close yourself: the driver never
 * connects, reconnects or closes it, and `close()` leaves it open.
 *
 * Every required operation is one command: `EVALSHA` of a script from
 * `@vial/redis-scripts` for read, create and update (plus one `EVAL` the
 * first time a server lacks the script), `UNLINK` for destroy. Each command
 * touches one key, so it runs on Redis Cluster without CROSSSLOT errors.
 * Records are stored exactly as `@vial/driver-ioredis` stores them.
 *
 * Any error of the client (server unreachable, timeout, connection closed,
 * error reply) rejects with `StorageUnavailableError`, the client's error in
 * `cause`. How long that takes is the client's own timeouts; see the README.
 *
 * ```ts
 * const client = await createClient({ url }).on('error', console.error).connect();
 * const vial = new Vial({ driver: nodeRedisDriver(client) });
 * ```
 */
export function nodeRedisDriver(
  client: NodeRedisConnection,
  options?: NodeRedisDriverOptions,
): Driver {
  assertClient(client);
  const keys = keyspace(resolveDriverOptions(options).prefix);
  const connection = connectionOf(client);

  const userIndex: UserIndex = {
    add: (userId, sid, expiresAt, now) =>
      guarded('userIndex.add', async () => {
        const key = keys.user(userId);
        await run(connection, scripts.indexAdd, key, indexAddArgs(sid, expiresAt, now));
      }),
    list: (userId, now) =>
      guarded('userIndex.list', async () => {
        const key = keys.user(userId);
        return decodeIndexList(await run(connection, scripts.indexList, key, indexListArgs(now)));
      }),
    remove: (userId, sids) =>
      guarded('userIndex.remove', async () => {
        if (sids.length === 0) return;
        const key = keys.user(userId);
        // A script, not ZREM: the index key's own expiry follows its last member.
        await run(connection, scripts.indexRemove, key, indexRemoveArgs(sids));
      }),
  };

  return {
    name: NAME,
    capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
    userIndex,

    read: (sid, readOptions) =>
      guarded('read', async () => {
        const key = keys.session(sid);
        return decodeRead(
          await run(connection, scripts.read, key, readArgs(readOptions)),
          readOptions,
        );
      }),

    create: (sid, record) =>
      guarded('create', async () => {
        const key = keys.session(sid);
        return decodeCreate(await run(connection, scripts.create, key, createArgs(record)));
      }),

    update: (sid, delta) =>
      guarded('update', async () => {
        const key = keys.session(sid);
        return decodeUpdate(await run(connection, scripts.update, key, updateArgs(delta)));
      }),

    destroy: (sids) =>
      guarded('destroy', async () => {
        if (sids.length === 0) return;
        // On a cluster, one UNLINK per hash slot, so that revoking all of a
        // user's sessions at once never fails with CROSSSLOT.
        const all = sids.map(keys.session);
        const groups = connection.clustered ? groupBySlot(all) : [all];
        await Promise.all(
          groups.map((group) => connection.sendFor(group[0] ?? '', ['UNLINK', ...group])),
        );
      }),

    async *sids() {
      try {
        for await (const key of scanKeys(connection, keys.sessionPattern, 'string')) {
          yield keys.sidOf(key);
        }
      } catch (cause) {
        throw unavailable('sids', cause);
      }
    },

    // The client belongs to the caller, who closes it; the driver holds nothing else.
    async close() {},
  };
}
