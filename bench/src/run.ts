import { startRedisServer } from '@vial/test-redis';
import { Redis } from 'ioredis';
import type { BenchConfig } from './config.js';
import { type Environment, environment } from './env.js';
import { ALL_APP_NAMES } from './http/apps.js';
import { runHttpPart } from './http/run-http.js';
import type { Log } from './log.js';
import { measureHeap } from './memory/heap.js';
import { measureRedisMemory } from './memory/redis-memory.js';
import { redisCpuSeconds } from './redis/cpu.js';
import type { BenchResults } from './results.js';
import { type HotPart, runHotPart } from './store/run-hot.js';
import { runStorePart, type StorePart } from './store/run-store.js';
import { isUnmeasured } from './unmeasured.js';

/** A throwaway Redis on a free loopback port, with a client for the bench's own reads of it. */
export async function withBenchRedis<T>(
  log: Log,
  config: BenchConfig,
  action: (url: string, admin: Redis, env: Environment) => Promise<T>,
): Promise<T> {
  const redis = await startRedisServer();
  const admin = new Redis(redis.url);
  try {
    const env = await environment(await admin.info('server'));
    log(
      `${config.mode} run: Redis ${env.redis} on ${redis.url}, Node.js ${env.node}, load ${env.load}`,
    );
    return await action(redis.url, admin, env);
  } finally {
    admin.disconnect();
    await redis.stop();
  }
}

/** Only the store part (`--only store`): both store cycles, the large sessions, the commands. */
export function runStoreOnly(config: BenchConfig, log: Log): Promise<StorePart> {
  return withBenchRedis(log, config, (url, admin) => runStorePart(url, admin, config, log));
}

/** Only the hot-session part (`--only hot`). */
export function runHotOnly(config: BenchConfig, log: Log): Promise<HotPart> {
  return withBenchRedis(log, config, (url, admin) => runHotPart(url, admin, config, log));
}

/**
 * The whole run: starts a throwaway Redis on a free loopback port, measures
 * store level, the hot session, commands, memory, lost updates and HTTP, stops everything it
 * started, and returns the figures.
 */
export function runBench(config: BenchConfig, log: Log): Promise<BenchResults> {
  const started = Date.now();
  return withBenchRedis(log, config, async (url, admin, env) => {
    const storePart = await runStorePart(url, admin, config, log);
    const hotPart = await runHotPart(url, admin, config, log);

    const redisMemory = await measureRedisMemory(admin, config);
    log(
      `redis memory: vial ${redisMemory.vial.usage}, connect-redis ${redisMemory.connectRedis.usage} bytes`,
    );
    const heap = await measureHeap(config);
    log(
      isUnmeasured(heap)
        ? `heap: not measured (${heap.reason})`
        : `heap: driver ${heap.driver}, MemoryStore ${heap.memoryStore} bytes`,
    );

    const httpPart = await runHttpPart(ALL_APP_NAMES, url, config, log, () =>
      redisCpuSeconds(admin),
    );
    return {
      env,
      config,
      ...storePart,
      ...hotPart,
      ...httpPart,
      redisMemory,
      heap,
      seconds: (Date.now() - started) / 1000,
    };
  });
}
