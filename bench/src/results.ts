import type { BenchConfig } from './config.js';
import type { Environment } from './env.js';
import type { HttpPart } from './http/run-http.js';
import type { HeapMemory } from './memory/heap.js';
import type { RedisMemory } from './memory/redis-memory.js';
import type { HotPart } from './store/run-hot.js';
import type { StorePart } from './store/run-store.js';
import type { Unmeasured } from './unmeasured.js';

export type { StoreCommands } from './store/run-store.js';

/** Everything one run measured. */
export interface BenchResults extends StorePart, HotPart, HttpPart {
  readonly env: Environment;
  readonly config: BenchConfig;
  readonly redisMemory: RedisMemory;
  /** The memory driver's heap figure, or why it could not be measured. */
  readonly heap: HeapMemory | Unmeasured;
  /** Wall-clock length of the run, seconds. */
  readonly seconds: number;
}

/** One target of the issues, checked against the run's own figures. */
export interface Target {
  readonly what: string;
  /** `>= 1.05x raw ioredis`, `100 of 100`. */
  readonly goal: string;
  /** The figure compared with the goal; `NaN` when it could not be measured. */
  readonly measured: number;
  /** How `measured` reads in the table: `0.87x`, `100`, `not measured`. */
  readonly shown: string;
  readonly met: boolean;
  /** Why the figure could not be measured, when it could not. */
  readonly reason?: string;
}
