/**
 * The one body of vial's Redis drivers, independent of the Redis client: the
 * list layout, the few scripts, key names and error handling. A client
 * package implements {@link RedisTransport} and calls {@link createRedisDriver}.
 */
export { createRedisDriver, type RedisDriver } from './driver.js';
export { DEFAULT_PREFIX, type Keyspace, keyspace } from './keys.js';
export type { RedisDriverOptions, WaitOption } from './options.js';
export { type RedisScript, scripts } from './script.js';
export type { RedisTransport, Send } from './transport.js';
