export { redisCli } from './cli.js';
export {
  type ClusterNode,
  type RedisCluster,
  type RedisClusterOptions,
  startRedisCluster,
} from './cluster.js';
export { eventually } from './eventually.js';
export {
  countCommands,
  type Monitor,
  type MonitorLine,
  openMonitor,
  parseMonitorLine,
} from './monitor.js';
export { type FaultProxy, startFaultProxy } from './proxy.js';
export {
  type ReplicatedRedis,
  type ReplicatedRedisOptions,
  type SentinelAddress,
  startReplicatedRedis,
} from './sentinel.js';
export { type RedisServer, type RedisServerOptions, startRedisServer } from './server.js';
