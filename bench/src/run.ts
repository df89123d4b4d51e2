import { startRedisServer } from '@vial/test-redis';
import { Redis } from 'ioredis';
import type { BenchConfig } from './config.js';
import { environment } from './env.js';
import { ALL_APP_NAMES } from './http/apps.js';
import { runHttpPart } from './http/run-http.js';
import type { Log } from './log.js';
import { measureHeap, measureRedisMemory } from './memory/suite.js';
import { commandTimes, countCommands } from './redis/commands.js';
import { redisCpuSeconds } from './redis/cpu.js';
import type { BenchResults, StoreCommands } from './results.js';
import { storeSubjects } from './store/subjects.js';
import { runStoreSuite } from './store/suite.js';

/**
 * The whole run: starts a throwaway Redis on a free loopback port, measures
 * store level, commands, memory, lost updates and HTTP, stops everything it
 * started, and returns the figures.
 */
export async function runBench(config: BenchConfig, log: Log): Promise<BenchResults> {
  const started = Date.now();
  const redis = await startRedisServer();
  const admin = new Redis(redis.url);
  const stores = await storeSubjects(redis.url);
  const cpuSeconds = () => redisCpuSeconds(admin);
  try {
    const env = await environment(await admin.info('server'));
    log(
      `${config.mode} run: Redis ${env.redis} on ${redis.url}, Node.js ${env.node}, load ${env.load}`,
    );

    const store = await runStoreSuite(stores.subjects, config, log, {
      cpuSeconds,
      resetCommandStats: async () => {
        await admin.config('RESETSTAT');
      },
      usPerCall: async () => commandTimes(await admin.info('commandstats')),
    });
    const storeCommands: StoreCommands[] = [];
    for (const subject of stores.subjects) {
      for (const op of ['create', 'write', 'read'] as const) {
        const count = await countCommands(redis.url, config.commandSamples, (i) => subject[op](i));
        storeCommands.push({ subject: subject.name, op, count });
      }
    }
    await stores.close();

    const redisMemory = await measureRedisMemory(admin, config);
    log(
      `redis memory: vial ${redisMemory.vial.usage}, connect-redis ${redisMemory.connectRedis.usage} bytes`,
    );
    const heap = await measureHeap(config);
    log(`heap: driver ${heap.driver}, MemoryStore ${heap.memoryStore} bytes`);

    const { http, httpCommands, lostUpdates } = await runHttpPart(
      ALL_APP_NAMES,
      redis.url,
      config,
      log,
      cpuSeconds,
    );

    return {
      env,
      config,
      store,
      storeCommands,
      http,
      httpCommands,
      lostUpdates,
      redisMemory,
      heap,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await stores.close().catch(() => {});
    admin.disconnect();
    await redis.stop();
  }
}
