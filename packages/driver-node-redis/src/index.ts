export type { RedisDriverOptions as NodeRedisDriverOptions } from '@vial/redis';
export type {
  NodeRedisClient,
  NodeRedisCluster,
  NodeRedisConnection,
  NodeRedisSentinel,
} from './connection.js';
export { nodeRedisDriver } from './driver.js';
