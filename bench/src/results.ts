import type { BenchConfig } from './config.js';
import type { Environment } from './env.js';
import type { RequestCommands } from './http/commands.js';
import type { LostUpdateResult } from './http/lost-updates.js';
import type { HttpResult } from './http/suite.js';
import type { HeapMemory, RedisMemory } from './memory/suite.js';
import type { CommandCount } from './redis/commands.js';
import type { StoreResult } from './store/suite.js';

/** Commands one store operation costs. */
export interface StoreCommands {
  readonly subject: string;
  readonly op: 'create' | 'write' | 'read';
  readonly count: CommandCount;
}

/** Everything one run measured. */
export interface BenchResults {
  readonly env: Environment;
  readonly config: BenchConfig;
  readonly store: readonly StoreResult[];
  readonly storeCommands: readonly StoreCommands[];
  readonly http: readonly HttpResult[];
  readonly httpCommands: readonly RequestCommands[];
  readonly lostUpdates: readonly LostUpdateResult[];
  readonly redisMemory: RedisMemory;
  readonly heap: HeapMemory;
  /** Wall-clock length of the run, seconds. */
  readonly seconds: number;
}

/** One target of issue 7, checked against the run's own figures. */
export interface Target {
  readonly what: string;
  /** `>= 0.90x raw ioredis`, `100 of 100`. */
  readonly goal: string;
  readonly measured: number;
  /** How `measured` reads in the table: `0.87x`, `100`. */
  readonly shown: string;
  readonly met: boolean;
}
