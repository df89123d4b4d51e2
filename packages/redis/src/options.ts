import { InvalidOptionError } from '@vial/core';
import { DEFAULT_PREFIX } from './keys.js';

/** Options of `ioredisDriver(client, options)` and `nodeRedisDriver(client, options)`: the same for both. */
export interface RedisDriverOptions {
  /**
   * Prefix of every key the driver writes: sessions are `<prefix>s:<sid>`,
   * user indexes `<prefix>u:<userId>`. Default `'vial:'`. Give each
   * application sharing a Redis its own prefix. A client's own key prefix
   * (ioredis `keyPrefix`, node-redis modules) does not apply to vial's keys.
   */
  readonly prefix?: string;
  /**
   * The `COUNT` hint of the `SCAN` that `sids()` runs on each master: keys
   * looked at per step. Default `1000`. See https://redis.io/docs/latest/commands/scan/.
   */
  readonly scanCount?: number;
}

/** {@link RedisDriverOptions} with defaults applied. */
export interface ResolvedRedisOptions {
  readonly prefix: string;
  readonly scanCount: number;
}

const KNOWN = ['prefix', 'scanCount'];

/** Validates the options once, at construction; each error names the option. */
export function resolveRedisOptions(
  factory: string,
  options: RedisDriverOptions = {},
): ResolvedRedisOptions {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError(
      'options',
      `${factory}: options must be an object such as { prefix: 'vial:' }`,
    );
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN.includes(name)) {
      throw new InvalidOptionError(
        name,
        `${factory} has no option ${JSON.stringify(name)}. Known options: ${KNOWN.join(', ')}`,
      );
    }
  }
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== 'string') {
    throw new InvalidOptionError(
      'prefix',
      `${factory}: prefix must be a string such as 'vial:'; got ${typeof prefix}`,
    );
  }
  const scanCount = options.scanCount ?? 1000;
  if (!Number.isInteger(scanCount) || scanCount < 1) {
    throw new InvalidOptionError(
      'scanCount',
      `${factory}: scanCount must be a positive integer; got ${String(scanCount)}`,
    );
  }
  return { prefix, scanCount };
}
