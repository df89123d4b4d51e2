import type { Redis } from 'ioredis';
import type { BenchConfig } from '../config.js';
import type { Log } from '../log.js';
import { redisCpuSeconds } from '../redis/cpu.js';
import { median, type Samples, summarise } from '../stats.js';
import { type HotSession, type HotSubject, hotSubjects, type StoredSize } from './hot-subjects.js';
import type { ClientName } from './subject.js';

/**
 * The hot-session scenarios:
 * - `distinct`: `writers` concurrent load/change/save cycles on one session,
 *   worker w setting its own key `k<w>` to its next counter value;
 * - `reject`: vial with `conflict: 'reject'`, one writer, cycles one after another;
 * - `held`: vial, one Session object loaded once and saved again and again.
 */
export type HotScenario = 'distinct' | 'reject' | 'held';

/** Mean times at the start and at the end of the `reject` run, ms. */
export interface HotWindow {
  /** Saves in each window. */
  readonly saves: number;
  /** Mean time of `session.save()` over the first and over the last `saves` cycles. */
  readonly firstSaveMs: number;
  readonly lastSaveMs: number;
  /** Mean time of the whole cycle (load + change + save), same windows. */
  readonly firstCycleMs: number;
  readonly lastCycleMs: number;
}

/** One run of one scenario on one subject: the figures of a {@link HotResult} before its runs are summed up. */
type HotRun = Pick<
  HotResult,
  | 'clientCpuUs'
  | 'redisCpuUs'
  | 'longestList'
  | 'largestBytes'
  | 'finalBytes'
  | 'freshBytes'
  | 'keys'
  | 'window'
> & {
  readonly opsPerSecond: number;
  readonly lost: number;
};

/** One scenario of one subject at one writer count, over its runs. */
export interface HotResult {
  readonly subject: string;
  readonly kind: 'vial' | 'connect-redis';
  readonly client: ClientName;
  readonly scenario: HotScenario;
  /** Concurrent writers (1 for `reject` and `held`). */
  readonly writers: number;
  /** Saves per run. */
  readonly saves: number;
  /** Saves per second, each run. */
  readonly throughput: Samples;
  /** Median CPU time of the bench process per cycle, µs. */
  readonly clientCpuUs: number;
  /** Median CPU time of redis-server per cycle, µs (the size samples' reads included). */
  readonly redisCpuUs: number;
  /** The longest list seen in any run (vial); `null` for a string (connect-redis). */
  readonly longestList: number | null;
  /** The largest stored size seen in any run, bytes. */
  readonly largestBytes: number;
  /** The largest stored size at the end of a run, bytes. */
  readonly finalBytes: number;
  /** vial: bytes of the same final data stored as a new session (largest over runs); else `null`. */
  readonly freshBytes: number | null;
  /** vial: the largest of each run's largest stored size over its fresh size; else `NaN`. */
  readonly sizeRatio: number;
  /** Keys checked at the end of each run (one per writer that saved). */
  readonly keys: number;
  /** Keys that did not hold their writer's last value at the end, each run. */
  readonly lost: Samples;
  /** `reject` only. */
  readonly window?: HotWindow;
}

/** What the hot-session part of a run measured. */
export interface HotPart {
  readonly hot: readonly HotResult[];
}

/**
 * Reads a session's stored size every `every` saves, one read at a time (a
 * read still under way when the next is due skips that one), and keeps the
 * largest size and the longest list seen.
 */
function sizeSampler(session: HotSession, every: number) {
  let largest = 0;
  let longest: number | null = null;
  let pending: Promise<void> | null = null;
  let failure: { error: unknown } | null = null;
  const sample = async (): Promise<StoredSize> => {
    const size = await session.stored();
    largest = Math.max(largest, size.bytes);
    if (size.length !== null) longest = Math.max(longest ?? 0, size.length);
    return size;
  };
  const settle = async () => {
    await pending;
    if (failure) throw failure.error;
  };
  return {
    saved(done: number) {
      if (done % every !== 0 || pending) return;
      pending = sample().then(
        () => {
          pending = null;
        },
        (error: unknown) => {
          pending = null;
          failure ??= { error };
        },
      );
    },
    /** Waits for a read under way; throws what a read threw. */
    settle,
    /** Reads the size once more (the end of the run) and answers what was seen. */
    async end() {
      await settle();
      const last = await sample();
      return { largest, longest, last };
    },
  };
}

interface Timed {
  readonly opsPerSecond: number;
  readonly clientCpuUs: number;
  readonly redisCpuUs: number;
}

/** Runs `body` (which makes `saves` saves) and measures throughput and CPU per save around it. */
async function timed(
  saves: number,
  admin: Redis,
  body: () => Promise<void>,
  settle: () => Promise<void>,
): Promise<Timed> {
  const redisBefore = await redisCpuSeconds(admin);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  await body();
  const seconds = (performance.now() - started) / 1000;
  await settle();
  const client = process.cpuUsage(clientBefore);
  const redisAfter = await redisCpuSeconds(admin);
  return {
    opsPerSecond: saves / seconds,
    clientCpuUs: (client.user + client.system) / saves,
    redisCpuUs: ((redisAfter - redisBefore) * 1e6) / saves,
  };
}

/** Counts the keys of `last` (key, last value written) that `data` does not hold at that value. */
function countLost(data: Record<string, unknown>, last: ReadonlyMap<string, number>): number {
  let lost = 0;
  for (const [key, value] of last) if (data[key] !== value) lost++;
  return lost;
}

/** Ends a run: final size, the keys' check, the fresh size. */
async function finish(
  subject: HotSubject,
  session: HotSession,
  sampler: ReturnType<typeof sizeSampler>,
  last: ReadonlyMap<string, number>,
  time: Timed,
  window?: HotWindow,
): Promise<HotRun> {
  const seen = await sampler.end();
  const data = await session.data();
  const freshBytes = subject.kind === 'vial' ? await subject.fresh(data) : null;
  return {
    ...time,
    longestList: seen.longest,
    largestBytes: seen.largest,
    finalBytes: seen.last.bytes,
    freshBytes,
    keys: last.size,
    lost: countLost(data, last),
    ...(window ? { window } : {}),
  };
}

/** `writers` workers share `saves` cycles on one new session, worker w setting `k<w>`. */
async function distinctRun(
  subject: HotSubject,
  writers: number,
  saves: number,
  config: BenchConfig,
  admin: Redis,
): Promise<HotRun> {
  const { sampleEvery } = config.hot;
  const session = await subject.open();
  const sampler = sizeSampler(session, sampleEvery);
  const last = new Map<string, number>();
  let started = 0;
  let done = 0;
  const worker = async (w: number) => {
    const key = `k${w}`;
    let counter = 0;
    while (started < saves) {
      started++;
      await session.cycle(key, ++counter);
      last.set(key, counter);
      sampler.saved(++done);
    }
  };
  const time = await timed(
    saves,
    admin,
    async () => {
      await Promise.all(Array.from({ length: writers }, (_, w) => worker(w)));
    },
    sampler.settle,
  );
  return finish(subject, session, sampler, last, time);
}

/** vial with `conflict: 'reject'`: one writer, `saves` cycles on one new session. */
async function rejectRun(
  subject: HotSubject,
  saves: number,
  config: BenchConfig,
  admin: Redis,
): Promise<HotRun> {
  if (subject.kind !== 'vial') throw new Error(`${subject.name}: conflict: 'reject' is vial's`);
  const { sampleEvery, window } = config.hot;
  const session = await subject.open('reject');
  const sampler = sizeSampler(session, sampleEvery);
  const saveMs = new Float64Array(saves);
  const cycleMs = new Float64Array(saves);
  const last = new Map<string, number>();
  const time = await timed(
    saves,
    admin,
    async () => {
      for (let i = 0; i < saves; i++) {
        const started = performance.now();
        saveMs[i] = await session.cycle('k0', i + 1);
        cycleMs[i] = performance.now() - started;
        last.set('k0', i + 1);
        sampler.saved(i + 1);
      }
    },
    sampler.settle,
  );
  const n = Math.min(window, saves);
  const mean = (values: Float64Array, from: number) =>
    values.subarray(from, from + n).reduce((a, b) => a + b, 0) / n;
  return finish(subject, session, sampler, last, time, {
    saves: n,
    firstSaveMs: mean(saveMs, 0),
    lastSaveMs: mean(saveMs, saves - n),
    firstCycleMs: mean(cycleMs, 0),
    lastCycleMs: mean(cycleMs, saves - n),
  });
}

/** vial: one Session object, loaded once, saving `saves` times. */
async function heldRun(
  subject: HotSubject,
  saves: number,
  config: BenchConfig,
  admin: Redis,
): Promise<HotRun> {
  if (subject.kind !== 'vial') throw new Error(`${subject.name}: only vial keeps a Session object`);
  const { sampleEvery } = config.hot;
  const session = await subject.open();
  const sampler = sizeSampler(session, sampleEvery);
  const save = await session.hold();
  const last = new Map<string, number>();
  const time = await timed(
    saves,
    admin,
    async () => {
      for (let i = 0; i < saves; i++) {
        await save('k0', i + 1);
        last.set('k0', i + 1);
        sampler.saved(i + 1);
      }
    },
    sampler.settle,
  );
  return finish(subject, session, sampler, last, time);
}

function summary(
  subject: HotSubject,
  scenario: HotScenario,
  writers: number,
  saves: number,
  runs: readonly HotRun[],
): HotResult {
  const max = (values: number[]) => Math.max(...values);
  const lists = runs.flatMap((r) => (r.longestList === null ? [] : [r.longestList]));
  const fresh = runs.flatMap((r) => (r.freshBytes === null ? [] : [r.freshBytes]));
  const window = runs[0]?.window;
  return {
    subject: subject.name,
    kind: subject.kind,
    client: subject.client,
    scenario,
    writers,
    saves,
    throughput: summarise(runs.map((r) => r.opsPerSecond)),
    clientCpuUs: median(runs.map((r) => r.clientCpuUs)),
    redisCpuUs: median(runs.map((r) => r.redisCpuUs)),
    longestList: lists.length > 0 ? max(lists) : null,
    largestBytes: max(runs.map((r) => r.largestBytes)),
    finalBytes: max(runs.map((r) => r.finalBytes)),
    freshBytes: fresh.length > 0 ? max(fresh) : null,
    sizeRatio:
      fresh.length > 0
        ? max(runs.map((r) => r.largestBytes / (r.freshBytes as number)))
        : Number.NaN,
    keys: max(runs.map((r) => r.keys)),
    lost: summarise(runs.map((r) => r.lost)),
    ...(window ? { window } : {}),
  };
}

function describeRun(run: HotRun): string {
  const list = run.longestList === null ? '' : `longest list ${run.longestList}, `;
  const fresh = run.freshBytes === null ? '' : ` (fresh ${run.freshBytes})`;
  return (
    `${Math.round(run.opsPerSecond)} saves/s, ${run.redisCpuUs.toFixed(1)} µs redis per cycle, ` +
    `${list}largest ${run.largestBytes} bytes${fresh}, lost ${run.lost} of ${run.keys}`
  );
}

/**
 * The hot-session part on the Redis at `url` (`admin` reads its CPU time and
 * the stored sizes): a short unmeasured run of every subject and scenario,
 * then the distinct-keys runs of every subject at each writer count
 * (`repeats` times, interleaved: subjects in a rotating order, writer counts
 * in alternating order), then vial's `conflict: 'reject'` run and
 * long-lived-object run on each client.
 */
export async function runHotPart(
  url: string,
  admin: Redis,
  config: BenchConfig,
  log: Log,
): Promise<HotPart> {
  const { writers, repeats, saves, sequentialSaves, warmupSaves } = config.hot;
  const { subjects, close } = await hotSubjects(url, admin);
  try {
    if (warmupSaves > 0) {
      for (const subject of subjects) {
        for (const w of writers) await distinctRun(subject, w, warmupSaves, config, admin);
        if (subject.kind === 'vial') {
          await rejectRun(subject, warmupSaves, config, admin);
          await heldRun(subject, warmupSaves, config, admin);
        }
      }
      log(`hot warm-up: ${warmupSaves} saves per subject and scenario`);
    }
    const runs = new Map<string, HotRun[]>();
    const id = (subject: HotSubject, w: number) => `${subject.name}/${w}`;
    for (let r = 0; r < repeats; r++) {
      for (const w of r % 2 === 0 ? writers : [...writers].reverse()) {
        for (let k = 0; k < subjects.length; k++) {
          const subject = subjects[(k + r) % subjects.length] as HotSubject;
          const run = await distinctRun(subject, w, saves, config, admin);
          runs.set(id(subject, w), [...(runs.get(id(subject, w)) ?? []), run]);
          log(`hot ${w} writers #${r + 1} ${subject.name}: ${describeRun(run)}`);
        }
      }
    }
    const results: HotResult[] = [];
    for (const subject of subjects) {
      for (const w of writers) {
        results.push(summary(subject, 'distinct', w, saves, runs.get(id(subject, w)) ?? []));
      }
    }
    for (const subject of subjects.filter((s) => s.kind === 'vial')) {
      const reject = await rejectRun(subject, sequentialSaves, config, admin);
      log(`hot conflict: 'reject' ${subject.name}: ${describeRun(reject)}`);
      results.push(summary(subject, 'reject', 1, sequentialSaves, [reject]));
      const held = await heldRun(subject, sequentialSaves, config, admin);
      log(`hot long-lived Session ${subject.name}: ${describeRun(held)}`);
      results.push(summary(subject, 'held', 1, sequentialSaves, [held]));
    }
    return { hot: results };
  } finally {
    await close();
  }
}
