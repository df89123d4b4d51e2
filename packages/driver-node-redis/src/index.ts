export type { RedisDriverOptions as NodeRedisDriverOptions } from '@vial/redis-scripts';
export type {
  NodeRedisClient,
  NodeRedisCluster,
  NodeRedisConnection,
  NodeRedisSentinel,
  RawCommandOptions,
} from './connection.js';
export { nodeRedisDriver } from './driver.js';
