import { InvalidOptionError } from '@vial/core';
import { DEFAULT_PREFIX } from '@vial/redis-scripts';

/** Options of {@link nodeRedisDriver}. */
export interface NodeRedisDriverOptions {
  /**
   * Prepended to every key vial writes: `<prefix>s:<sid>` for a session,
   * `<prefix>u:<userId>` for a user's index. Use one prefix per application
   * sharing a Redis server. Default `'vial:'`, the same as
   * `@vial/driver-ioredis`, whose records are interchangeable with these.
   *
   * The client's own `keyPrefix` option does not apply to vial's keys: node-redis
   * only adds it to typed commands, and the driver sends raw ones.
   */
  readonly prefix?: string;
}

/** {@link NodeRedisDriverOptions} with defaults applied. */
export interface ResolvedDriverOptions {
  readonly prefix: string;
}

const KNOWN = new Set(['prefix']);

/** Validates the options at construction; each error names the option. */
export function resolveDriverOptions(options: NodeRedisDriverOptions = {}): ResolvedDriverOptions {
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) {
      throw new InvalidOptionError(
        name,
        `nodeRedisDriver() has no option ${JSON.stringify(name)}; the only option is "prefix".`,
      );
    }
  }
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== 'string') {
    throw new InvalidOptionError(
      'prefix',
      `nodeRedisDriver() option "prefix" must be a string such as 'vial:'; got ${typeof prefix}.`,
    );
  }
  return { prefix };
}
