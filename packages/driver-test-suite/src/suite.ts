import { it } from 'vitest';
import { clause } from './clause.js';
import type { ContractClauseId } from './contract.js';
import { type Harness, openHarness } from './harness.js';
import type { DescribeDriverOptions } from './options.js';

/** How long (ms) one test may run before it fails as "never settled". */
const CLAUSE_TIMEOUT_MS = 15_000;

/** Options of {@link Suite.test}. */
export interface TestOptions {
  /**
   * The test waits for real time in `'real'` clock mode. Consecutive such
   * tests run concurrently so their sleeps overlap.
   */
  readonly sleeps?: boolean;
}

/** What each clause family receives: the options, and a way to register a test of one clause. */
export interface Suite {
  readonly options: DescribeDriverOptions;
  /**
   * Registers a vitest test named `behaviour` that proves clause `id` on a
   * fresh driver. Any failure inside it is reported as a breach of `id`,
   * unless a nested {@link clause} call names a more precise one.
   */
  test(
    id: ContractClauseId,
    behaviour: string,
    body: (h: Harness) => Promise<void>,
    options?: TestOptions,
  ): void;
}

/** Builds the {@link Suite} that the clause families of one `describeDriver` call share. */
export function createSuite(options: DescribeDriverOptions): Suite {
  return {
    options,
    test(id, behaviour, body, testOptions = {}) {
      const register = testOptions.sleeps === true && options.clock === 'real' ? it.concurrent : it;
      register(
        behaviour,
        async () => {
          const h = await openHarness(options);
          try {
            await clause(id, () => withTimeout(body(h)));
          } finally {
            await h.driver.close?.();
          }
        },
        CLAUSE_TIMEOUT_MS + 5_000,
      );
    },
  };
}

async function withTimeout(work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(
        `an operation did not settle within ${CLAUSE_TIMEOUT_MS} ms: the driver never resolved or rejected a promise (a deadlock, a lost callback or an unanswered command)`,
      );
      error.name = 'ClauseTimeout';
      reject(error);
    }, CLAUSE_TIMEOUT_MS);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
