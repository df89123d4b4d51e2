import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import type { BenchConfig } from '../config.js';

/** Redis `MEMORY USAGE` per session, as measured by `packages/driver-ioredis/bench/memory.mjs`. */
export interface RedisMemory {
  readonly redisVersion: string;
  readonly listpackValue: number;
  readonly samples: number;
  /** Bytes per session: MEMORY USAGE, string length, and MEMORY USAGE after an update and a touch. */
  readonly vial: { readonly usage: number; readonly value: number; readonly afterUpdate: number };
  readonly connectRedis: { readonly usage: number; readonly value: number };
  readonly ratio: number;
}

/** Heap bytes per session, as measured by `packages/driver-memory/bench/heap.mjs`. */
export interface HeapMemory {
  readonly sessions: number;
  readonly node: string;
  /** Bytes per session held by `@vial/driver-memory`. */
  readonly driver: number;
  /** Bytes per session held by express-session's MemoryStore. */
  readonly memoryStore: number;
  readonly ratio: number;
}

// The two measurements live beside the drivers they describe; the bench runs them, never copies them.
const packages = new URL('../../../packages/', import.meta.url);
const REDIS_SCRIPT = new URL('driver-ioredis/bench/memory.mjs', packages);
const HEAP_SCRIPT = fileURLToPath(new URL('driver-memory/bench/heap.mjs', packages));

/** Runs the driver-ioredis memory measurement on the bench's own Redis, through `redis`. */
export async function measureRedisMemory(redis: Redis, config: BenchConfig): Promise<RedisMemory> {
  const module = (await import(REDIS_SCRIPT.href)) as {
    measureRedisMemory(client: Redis, options: { samples: number }): Promise<RedisMemory>;
  };
  return module.measureRedisMemory(redis, { samples: config.memory.redisSamples });
}

/** Runs the driver-memory heap measurement in a child (it needs `--expose-gc` and a quiet heap). */
export async function measureHeap(config: BenchConfig): Promise<HeapMemory> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', HEAP_SCRIPT, String(config.memory.heapSessions), '--json'],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as HeapMemory;
}
