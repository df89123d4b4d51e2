import type { Driver } from '@vial/core';
import { clauseTest } from './clause.js';
import { type Harness, openHarness, REAL_SHORT_MS, Stalled } from './harness.js';
import type { DescribeDriverOptions, DriverFeature } from './options.js';

/**
 * A family's clauses: each test's name is the clause, `id: what a driver
 * must do`, the one place a clause id is written.
 */
export type Clauses<C> = Record<string, (ctx: C) => Promise<void>>;

/** What each clause family receives. */
export interface Suite {
  readonly options: DescribeDriverOptions;
  /** Whether the driver has this optional part (as the options declare). */
  has(feature: DriverFeature): boolean;
}

/** A family of driver clauses: one file of `src/clauses/`, whose ids start with its name. */
export type Family = (suite: Suite) => Clauses<Harness>;

/** Runs of a real-clock test whose timing a stalled machine broke, each with windows twice as long. */
const REAL_RUNS = 4;

/**
 * Registers the clauses of these families, each on a fresh driver. On the
 * real clock they run concurrently, so that their sleeps overlap.
 */
export function registerClauses<D extends Driver>(
  typed: DescribeDriverOptions<D>,
  families: readonly (readonly [Family, DriverFeature?])[],
): void {
  const options = typed as unknown as DescribeDriverOptions;
  const features = new Set(options.features ?? []);
  const suite: Suite = { options, has: (feature) => features.has(feature) };
  for (const [family, needs] of families) {
    if (needs !== undefined && !features.has(needs)) continue;
    for (const [name, body] of Object.entries(family(suite))) {
      clauseTest(name, () => runWithRetries(options, body), options.clock === 'real');
    }
  }
}

async function runWithRetries(
  options: DescribeDriverOptions,
  body: (h: Harness) => Promise<void>,
): Promise<void> {
  for (let run = 0; ; run++) {
    const short = options.clock === 'virtual' ? 60_000 : REAL_SHORT_MS * 2 ** run;
    const h = await openHarness(options, short);
    try {
      return await body(h);
    } catch (error) {
      if (!(error instanceof Stalled)) throw error;
      if (run === REAL_RUNS - 1) {
        throw new Error(
          `the machine (or the driver) stalled in ${REAL_RUNS} runs: ${error.message}, although it had ${short} ms; the real-clock mode needs operations that finish well within that`,
        );
      }
    } finally {
      if (!h.closed) await h.driver.close?.();
    }
  }
}
