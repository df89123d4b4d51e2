import { closedLoop } from '../closed-loop.js';
import type { BenchConfig } from '../config.js';
import type { Log } from '../log.js';
import { median, type Samples, summarise } from '../stats.js';
import type { StoreSubject } from './subject.js';

/** One cycle of one subject. */
export interface CycleResult {
  /** Operations per second. */
  readonly throughput: Samples;
  /** Median CPU time of the benchmark process (the subject's client side) per operation, µs. */
  readonly clientCpuUs: number;
  /** Median CPU time of redis-server per operation, µs. */
  readonly redisCpuUs: number;
  /**
   * Time Redis spent executing each command, µs per call (INFO commandstats
   * `usec_per_call`, median over runs): for EVALSHA, the Lua script. Excludes
   * reading and writing the socket, which every command pays alike.
   */
  readonly usPerCall: Readonly<Record<string, number>>;
}

/** Results of one store subject. */
export interface StoreResult {
  readonly subject: StoreSubject;
  /** Load + change one field + save. */
  readonly write: CycleResult;
  /** Load with no change. */
  readonly read: CycleResult;
}

/** The store cycles. */
export type Cycle = 'write' | 'read';

interface Run {
  readonly opsPerSecond: number;
  readonly clientCpuUs: number;
  readonly redisCpuUs: number;
  readonly usPerCall: Readonly<Record<string, number>>;
}

/** What the suite reads from the bench's Redis around each run. */
export interface RedisProbe {
  /** redis-server's total CPU time so far (INFO cpu), seconds. */
  cpuSeconds(): Promise<number>;
  /** Resets INFO commandstats (CONFIG RESETSTAT). */
  resetCommandStats(): Promise<void>;
  /** µs per call of each command since the last reset, by upper-case name. */
  usPerCall(): Promise<Record<string, number>>;
}

/**
 * Seeds every subject, then measures each cycle `repeats` times per subject,
 * interleaving subjects (in a rotating order) so that a slow moment of the
 * shared machine spreads over all of them instead of hitting one. Also
 * records CPU time per operation on both sides: unlike throughput, it hardly
 * depends on what else the machine is doing, and it says where the time goes.
 *
 * `redis` reads CPU time and command statistics of the bench's Redis.
 */
export async function runStoreSuite(
  subjects: readonly StoreSubject[],
  config: BenchConfig,
  log: Log,
  redis: RedisProbe,
): Promise<StoreResult[]> {
  const { concurrency, durationMs, warmupMs, sessions } = config.store;
  for (const subject of subjects) await subject.seed(sessions);
  const runs = new Map<StoreSubject, Record<Cycle, Run[]>>(
    subjects.map((s) => [s, { write: [], read: [] }]),
  );
  const measure = async (subject: StoreSubject, cycle: Cycle): Promise<Run> => {
    await redis.resetCommandStats();
    const redisBefore = await redis.cpuSeconds();
    const clientBefore = process.cpuUsage();
    const started = performance.now();
    const opsPerSecond = await closedLoop(concurrency, durationMs, (i) => subject[cycle](i));
    const ops = (opsPerSecond * (performance.now() - started)) / 1000;
    const client = process.cpuUsage(clientBefore);
    const redisAfter = await redis.cpuSeconds();
    return {
      usPerCall: await redis.usPerCall(),
      opsPerSecond,
      clientCpuUs: (client.user + client.system) / ops,
      redisCpuUs: ((redisAfter - redisBefore) * 1e6) / ops,
    };
  };
  for (const cycle of ['write', 'read'] as const) {
    if (warmupMs > 0) {
      for (const subject of subjects) {
        await closedLoop(concurrency, warmupMs, (i) => subject[cycle](i));
      }
    }
    for (let r = 0; r < config.repeats; r++) {
      for (let k = 0; k < subjects.length; k++) {
        const subject = subjects[(k + r) % subjects.length] as StoreSubject;
        const run = await measure(subject, cycle);
        runs.get(subject)?.[cycle].push(run);
        log(
          `store ${cycle} #${r + 1} ${subject.name}: ${Math.round(run.opsPerSecond)} ops/s, ` +
            `${run.clientCpuUs.toFixed(1)} µs client + ${run.redisCpuUs.toFixed(1)} µs redis per op`,
        );
      }
    }
  }
  const summary = (list: readonly Run[]): CycleResult => ({
    throughput: summarise(list.map((x) => x.opsPerSecond)),
    clientCpuUs: median(list.map((x) => x.clientCpuUs)),
    redisCpuUs: median(list.map((x) => x.redisCpuUs)),
    usPerCall: Object.fromEntries(
      Object.keys(list[0]?.usPerCall ?? {}).map((name) => [
        name,
        median(list.map((x) => x.usPerCall[name] ?? Number.NaN)),
      ]),
    ),
  });
  return subjects.map((subject) => {
    const r = runs.get(subject) as Record<Cycle, Run[]>;
    return { subject, write: summary(r.write), read: summary(r.read) };
  });
}
