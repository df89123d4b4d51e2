export { redisCli } from './cli.js';
export { type ClusterNode, type RedisCluster, startRedisCluster } from './cluster.js';
export { type RedisServer, type RedisServerOptions, startRedisServer } from './server.js';
