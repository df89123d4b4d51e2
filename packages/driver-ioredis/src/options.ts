import { InvalidOptionError } from '@vial/core';
import { DEFAULT_PREFIX } from '@vial/redis-scripts';

/** Options of `ioredisDriver(client, options)`. */
export interface IoredisDriverOptions {
  /**
   * Prefix of every key the driver writes: sessions are `<prefix>s:<sid>`,
   * user indexes `<prefix>u:<userId>`. Default `'vial:'`. Give each
   * application sharing a Redis its own prefix. Do not also set ioredis's
   * `keyPrefix`: it would apply on top of this one and is not applied to
   * SCAN patterns, so `sids()` would find nothing.
   */
  readonly prefix?: string;
  /**
   * The `COUNT` hint (keys per step) of the `SCAN` that `sids()` runs on
   * each master. Default `1000`. See https://redis.io/docs/latest/commands/scan/.
   */
  readonly scanCount?: number;
}

/** {@link IoredisDriverOptions} with defaults applied. */
export interface ResolvedIoredisOptions {
  readonly prefix: string;
  readonly scanCount: number;
}

/** Applies defaults and validates. */
export function resolveOptions(options: IoredisDriverOptions = {}): ResolvedIoredisOptions {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const scanCount = options.scanCount ?? 1000;
  if (typeof prefix !== 'string') {
    throw new InvalidOptionError(
      'prefix',
      `ioredisDriver: \`prefix\` must be a string such as 'vial:'; got ${String(prefix)}`,
    );
  }
  if (!Number.isInteger(scanCount) || scanCount < 1) {
    throw new InvalidOptionError(
      'scanCount',
      `ioredisDriver: \`scanCount\` must be a positive integer; got ${String(scanCount)}`,
    );
  }
  return { prefix, scanCount };
}
