import type { Driver } from '@vial/core';
import { InvalidOptionError } from '@vial/core';
import { createRedisDriver, type RedisDriver, type RedisDriverOptions } from '@vial/redis';
import { type NodeRedisConnection, transportOf } from './connection.js';

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
 * A vial driver over a node-redis (`redis` 5 or 6) client, client pool,
 * cluster or Sentinel that you create, connect and close yourself: the driver
 * never connects, reconnects or closes it, and `close()` leaves it open.
 *
 * A load is one `LRANGE`; a save one `RPUSHX` (a script now and then); a
 * touch and a create one `EVALSHA`; a destroy one `UNLINK` (one per hash slot
 * on a cluster). Every command touches one key, and commands are plain ones
 * that node-redis pipelines. Records are the same as `@vial/driver-ioredis`'s.
 *
 * Errors of the client (server unreachable, timeout, connection closed) reach
 * core, which rejects with `StorageUnavailableError`, the client's error in
 * `cause`. How long that takes is the client's own timeouts; see the README.
 *
 * ```ts
 * const client = await createClient({ url }).on('error', console.error).connect();
 * const vial = new Vial({ driver: nodeRedisDriver(client) });
 * ```
 */
export function nodeRedisDriver(
  client: NodeRedisConnection,
  options?: RedisDriverOptions,
): Driver & RedisDriver {
  assertClient(client);
  return createRedisDriver(transportOf(client), 'nodeRedisDriver()', options);
}
