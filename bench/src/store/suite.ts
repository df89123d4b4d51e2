import { closedLoop, forEachConcurrently } from '../closed-loop.js';
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

/** The store cycles. */
export type Cycle = 'write' | 'read';

/** Results of one store subject: one entry per measured cycle. */
export type StoreResult<C extends Cycle = Cycle> = { readonly subject: StoreSubject } & {
  /** `write`: load + change one field + save. `read`: load with no change. */
  readonly [K in C]: CycleResult;
};

/** Which cycles {@link runStoreSuite} measures, on how many sessions, and how it logs them. */
export interface SuiteOptions<C extends Cycle> {
  /** Default: both, write first. */
  readonly cycles?: readonly C[];
  /** Sessions stored per subject; default `config.store.sessions`. */
  readonly sessions?: number;
  /** Prefix of each progress line, such as `50 KB`. */
  readonly label?: string;
}

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
 * Saves session k of `subject` `k mod staggerSaves` times (write cycles), so
 * that the stored histories are spread over vial's compaction cycle instead
 * of moving in step. Each pass saves distinct sessions, `concurrency` at once.
 */
async function stagger(subject: StoreSubject, sessions: number, config: BenchConfig) {
  const { staggerSaves, concurrency } = config.store;
  const indices: number[] = [];
  for (let pass = 1; pass < staggerSaves; pass++) {
    for (let k = 0; k < sessions; k++) {
      if (k % staggerSaves >= pass) indices.push(pass * sessions + k);
    }
  }
  await forEachConcurrently(indices, concurrency, (i) => subject.write(i));
}

/**
 * Seeds every subject (and staggers vial's histories, see `staggerSaves` in
 * `config.ts`), then measures each cycle `repeats` times per subject,
 * interleaving subjects (in a rotating order) so that a slow moment of the
 * shared machine spreads over all of them instead of hitting one. Also
 * records CPU time per operation on both sides: unlike throughput, it hardly
 * depends on what else the machine is doing, and it says where the time goes.
 *
 * `redis` reads CPU time and command statistics of the bench's Redis; `options`
 * picks the cycles (default both) and the number of sessions stored per subject.
 */
export async function runStoreSuite<C extends Cycle = Cycle>(
  subjects: readonly StoreSubject[],
  config: BenchConfig,
  log: Log,
  redis: RedisProbe,
  options: SuiteOptions<C> = {},
): Promise<StoreResult<C>[]> {
  const { concurrency, durationMs, warmupMs } = config.store;
  const cycles = options.cycles ?? (['write', 'read'] as readonly Cycle[] as readonly C[]);
  const sessions = options.sessions ?? config.store.sessions;
  const label = options.label ? `${options.label} ` : '';
  for (const subject of subjects) await subject.seed(sessions);
  // Only vial's stored state depends on past saves; the others store one string.
  if (cycles.includes('write' as C)) {
    for (const subject of subjects.filter((s) => s.kind === 'vial')) {
      await stagger(subject, sessions, config);
    }
  }
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
  for (const cycle of cycles) {
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
          `store ${label}${cycle} #${r + 1} ${subject.name}: ${Math.round(run.opsPerSecond)} ops/s, ` +
            `${run.clientCpuUs.toFixed(1)} µs client + ${run.redisCpuUs.toFixed(1)} µs redis per op`,
        );
      }
    }
  }
  const summary = (list: readonly Run[]): CycleResult => ({
    throughput: summarise(list.map((x) => x.opsPerSecond)),
    clientCpuUs: median(list.map((x) => x.clientCpuUs)),
    redisCpuUs: median(list.map((x) => x.redisCpuUs)),
    // A command some runs did not send (a rare compaction) counts only where it ran.
    usPerCall: Object.fromEntries(
      [...new Set(list.flatMap((x) => Object.keys(x.usPerCall)))].map((name) => [
        name,
        median(list.flatMap((x) => (name in x.usPerCall ? [x.usPerCall[name] as number] : []))),
      ]),
    ),
  });
  return subjects.map((subject) => {
    const r = runs.get(subject) as Record<Cycle, Run[]>;
    const measured = Object.fromEntries(cycles.map((cycle) => [cycle, summary(r[cycle])]));
    return { subject, ...measured } as StoreResult<C>;
  });
}
