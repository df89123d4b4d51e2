/** How much work one run does. The full run is for people; the smoke run keeps the code working in CI. */
export interface BenchConfig {
  readonly mode: 'full' | 'smoke';
  /** Times each measurement is repeated; tables show the median. */
  readonly repeats: number;
  readonly store: {
    /** Operations in flight at once (closed loop). */
    readonly concurrency: number;
    /** Length of one measured run, ms. */
    readonly durationMs: number;
    /** Unmeasured run before the first measured one of each subject and cycle, ms. */
    readonly warmupMs: number;
    /** Sessions stored per subject before measuring; operations cycle over them. */
    readonly sessions: number;
    /**
     * The large-session write cycles: the realistic payload plus a `note`
     * field of `noteChars` characters, one small field changed per cycle.
     */
    readonly sizes: readonly { readonly label: string; readonly noteChars: number }[];
    /** Sessions stored per subject for those cycles. */
    readonly sizedSessions: number;
    /**
     * Before the write cycle, session k of each vial subject is saved `k mod
     * staggerSaves` times: the round-robin loop saves every session in step,
     * so without this all of vial's lists would compact in the same round
     * and a run would hold a burst of compactions or none; spread, each
     * round carries its share. 64 is vial's longest compaction cycle
     * (changes appended before a rewrite).
     */
    readonly staggerSaves: number;
  };
  readonly http: {
    /** Keep-alive connections, each with its own session cookie. */
    readonly connections: number;
    /** Length of one measured autocannon run, seconds (autocannon rounds a run up to whole seconds). */
    readonly durationS: number;
    /** Instead of a duration: this many requests per run (smoke runs, which must stay short). */
    readonly amount?: number;
    /** Unmeasured autocannon run before the first measured one of each app and route, seconds. */
    readonly warmupS: number;
  };
  /**
   * The hot session (`--only hot`): many load/change/save cycles on one
   * session at once, and long runs of saves on one session.
   */
  readonly hot: {
    /** Saves of one distinct-keys run, shared among its writers. */
    readonly saves: number;
    /** Concurrent writers of the distinct-keys runs: the contended count, then the reference. */
    readonly writers: readonly number[];
    /** Runs of each subject and writer count (interleaved); tables show the median. */
    readonly repeats: number;
    /**
     * Saves of one unmeasured run of each subject and scenario before the
     * measured ones (JIT, script loading), so that the first measured run,
     * with the most writers, does not carry them alone.
     */
    readonly warmupSaves: number;
    /** Cycles of the `conflict: 'reject'` run (one writer), and saves of the long-lived Session object. */
    readonly sequentialSaves: number;
    /** Saves at the start and at the end of the `conflict: 'reject'` run whose mean times are compared. */
    readonly window: number;
    /** The stored size is read after every this many saves (and once at the end). */
    readonly sampleEvery: number;
  };
  readonly lostUpdates: {
    /** Concurrent requests on one session, each setting its own key. */
    readonly requests: number;
  };
  /** Requests of each type whose Redis commands are counted. */
  readonly commandSamples: number;
  readonly memory: {
    /** Sessions stored in Redis for `MEMORY USAGE`. */
    readonly redisSamples: number;
    /** Sessions held in the heap for the memory-driver figure. */
    readonly heapSessions: number;
  };
}

const SIZES = [
  { label: '5 KB', noteChars: 5 * 1024 },
  { label: '50 KB', noteChars: 50 * 1024 },
] as const;

/**
 * About 16 minutes on 2 shared cores (the store part alone, `--only store`:
 * about 6; the hot session alone, `--only hot`: about half a minute).
 */
export const FULL: BenchConfig = {
  mode: 'full',
  repeats: 5,
  store: {
    concurrency: 64,
    durationMs: 3_000,
    warmupMs: 1_000,
    sessions: 2_000,
    sizes: SIZES,
    sizedSessions: 128,
    staggerSaves: 64,
  },
  hot: {
    saves: 5_000,
    writers: [64, 8],
    repeats: 5,
    warmupSaves: 500,
    sequentialSaves: 5_000,
    window: 500,
    sampleEvery: 50,
  },
  http: { connections: 50, durationS: 5, warmupS: 2 },
  lostUpdates: { requests: 100 },
  commandSamples: 100,
  memory: { redisSamples: 200, heapSessions: 100_000 },
};

/** Small counts, well under a minute: proves every table can be produced, not how fast anything is. */
export const SMOKE: BenchConfig = {
  mode: 'smoke',
  repeats: 3,
  store: {
    concurrency: 64,
    durationMs: 150,
    warmupMs: 50,
    sessions: 200,
    sizes: SIZES,
    sizedSessions: 128,
    // Enough to check the code path, not to spread anything.
    staggerSaves: 4,
  },
  // A few hundred saves per run: the code path, not the figures.
  hot: {
    saves: 256,
    writers: [64, 8],
    repeats: 1,
    warmupSaves: 20,
    sequentialSaves: 200,
    window: 20,
    sampleEvery: 10,
  },
  http: { connections: 10, durationS: 0, warmupS: 0, amount: 300 },
  lostUpdates: { requests: 100 },
  commandSamples: 10,
  // Fewer than ~20,000 sessions and GC noise swamps the heap figure.
  memory: { redisSamples: 20, heapSessions: 20_000 },
};
