import { afterAll, describe } from 'vitest';
import { clauseTest, wholeObjectsInMessages } from './clause.js';
import type { Harness } from './harness.js';
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

/** A family of clauses: one file, whose clause ids start with its name. */
export type Family<C> = (suite: Suite) => Clauses<C>;

/** A family of driver clauses, in `src/clauses/`: each runs on a {@link Harness}. */
export type DriverFamily = Family<Harness>;

/** The families of an entry point, each with the optional part it needs, if any. */
export type Families<C> = readonly (readonly [Family<C>, DriverFeature?])[];

/**
 * Registers, in a `describe` titled `title`, the clauses of the families
 * whose part the driver has; `run` runs one clause's body on a fresh
 * driver. Prints objects in failures whole, and runs `cleanup` after.
 */
export function describeClauses<C>(
  title: string,
  options: DescribeDriverOptions,
  families: Families<C>,
  run: (body: (ctx: C) => Promise<void>) => Promise<void>,
  concurrent = false,
): void {
  const features = new Set(options.features ?? []);
  const suite: Suite = { options, has: (feature) => features.has(feature) };
  describe(title, () => {
    wholeObjectsInMessages();
    if (options.cleanup) afterAll(options.cleanup);
    for (const [family, needs] of families) {
      if (needs !== undefined && !features.has(needs)) continue;
      for (const [name, body] of Object.entries(family(suite))) {
        clauseTest(name, () => run(body), concurrent);
      }
    }
  });
}
