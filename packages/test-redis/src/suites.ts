// The vitest suites shared by the Redis drivers' tests (they load vitest: import them from tests only).
export { describeRedisConformance, type RedisConformanceOptions } from './conformance.js';
export {
  type ClusterFailoverOptions,
  describeClusterFailover,
  describeFailover,
  type FailoverClient,
  type FailoverFigures,
  type FailoverOptions,
  type WaitArgs,
} from './failover.js';
export { describeRedisFaults, type FaultClient, type RedisFaultOptions } from './faults.js';
export { describeRedisRoundTrips, type RoundTripOptions } from './round-trips.js';
