export type {
  NodeRedisClient,
  NodeRedisCluster,
  NodeRedisConnection,
  NodeRedisSentinel,
  RawCommandOptions,
} from './connection.js';
export { nodeRedisDriver } from './driver.js';
export type { NodeRedisDriverOptions } from './options.js';
