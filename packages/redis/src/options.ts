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
  /**
   * Durability on demand: a create, save, regenerate or destroy resolves
   * only once `replicas` replicas have it (Redis's `WAIT replicas timeout`,
   * sent after the write on the connection that made it), else rejects
   * with a `StorageUnavailableError` that names the timeout and how many
   * replicas had it. The write itself is not undone: it is on the primary,
   * and a retry of the same save is harmless. Loads never wait. Default:
   * none (Redis replicates asynchronously). See docs/production.md.
   */
  readonly wait?: WaitOption;
}

/** {@link RedisDriverOptions.wait}: the arguments of Redis's `WAIT`. */
export interface WaitOption {
  /** How many replicas must have each write. At least 1. */
  readonly replicas: number;
  /** How long to wait for them, in ms (Redis's `WAIT` timeout; 0, wait forever, is refused). Default 1000. */
  readonly timeout?: number;
}

/** {@link RedisDriverOptions} with defaults applied. */
export interface ResolvedRedisOptions {
  readonly prefix: string;
  readonly scanCount: number;
  readonly wait: Required<WaitOption> | undefined;
}

const KNOWN = ['prefix', 'scanCount', 'wait'];

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
  return { prefix, scanCount, wait: waitOption(factory, options.wait) };
}

function waitOption(factory: string, wait: unknown): Required<WaitOption> | undefined {
  if (wait === undefined) return undefined;
  const { replicas, timeout = 1000 } = (wait ?? {}) as Partial<WaitOption>;
  if (
    typeof wait !== 'object' ||
    wait === null ||
    !Number.isSafeInteger(replicas) ||
    (replicas as number) < 1 ||
    !Number.isSafeInteger(timeout) ||
    timeout < 1
  ) {
    throw new InvalidOptionError(
      'wait',
      `${factory}: wait must be { replicas, timeout }: at least 1 replica, and a timeout of at least 1 ms (Redis's WAIT; 0 would wait forever); got ${JSON.stringify(wait)}`,
    );
  }
  return { replicas: replicas as number, timeout };
}
