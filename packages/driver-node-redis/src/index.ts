export type { RedisDriverOptions as NodeRedisDriverOptions } from '@vial/redis-scripts';
export type {
  NodeRedisClient,
  NodeRedisCluster,
  NodeRedisConnection,
  NodeRedisSentinel,
} from './connection.js';
export { nodeRedisDriver } from './driver.js';
