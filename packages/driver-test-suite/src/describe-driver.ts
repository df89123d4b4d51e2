import type { Driver } from '@vial/core';
import { atomicityClauses } from './clauses/atomicity.js';
import { closeClauses } from './clauses/close.js';
import { conditionalUpdateClauses } from './clauses/conditional-update.js';
import { copyClauses } from './clauses/copies.js';
import { createClauses } from './clauses/create.js';
import { deltaClauses } from './clauses/delta.js';
import { destroyClauses } from './clauses/destroy.js';
import { driverClauses } from './clauses/driver.js';
import { expiryClauses } from './clauses/expiry.js';
import { failureClauses } from './clauses/failures.js';
import { iterateClauses } from './clauses/iterate.js';
import { limitClauses } from './clauses/limits.js';
import { readClauses } from './clauses/read.js';
import { revisionClauses } from './clauses/revision.js';
import { touchClauses } from './clauses/touch.js';
import { updateClauses } from './clauses/update.js';
import { userIndexClauses } from './clauses/user-index.js';
import { valueClauses } from './clauses/values.js';
import { type Harness, withHarness } from './harness.js';
import type { DescribeDriverOptions } from './options.js';
import { describeClauses, type Families } from './suite.js';

/** Each family of clauses is one file of `src/clauses/`, registered when the driver has what it needs. */
export const driverFamilies: Families<Harness> = [
  [driverClauses],
  [readClauses],
  [createClauses],
  [updateClauses],
  [deltaClauses],
  [touchClauses],
  [destroyClauses],
  [expiryClauses],
  [revisionClauses],
  [atomicityClauses],
  [valueClauses],
  [copyClauses],
  [conditionalUpdateClauses, 'conditionalUpdate'],
  [limitClauses, 'recordLimit'],
  [userIndexClauses, 'userIndex'],
  [iterateClauses, 'sids'],
  [closeClauses, 'close'],
  [failureClauses],
];

/**
 * Registers the tests of the whole driver contract for one driver, in a
 * `describe` named after it. Call it at the top level of a test file:
 *
 * ```ts
 * describeDriver({
 *   name: 'sqlite',
 *   features: ['userIndex', 'sids', 'conditionalUpdate', 'close'],
 *   clock: 'virtual',
 *   createDriver: async ({ clock }) => sqliteDriver(new Database(':memory:'), { clock }),
 * });
 * ```
 *
 * Each test is one clause: its name is `id: what a driver must do`, and its
 * failure message starts with `[id]` and that sentence.
 */
export function describeDriver<D extends Driver>(typed: DescribeDriverOptions<D>): void {
  const options = typed as unknown as DescribeDriverOptions;
  const run = (body: (h: Harness) => Promise<void>) => withHarness(options, body);
  // On the real clock the tests run concurrently, so that their sleeps overlap.
  describeClauses(
    `${options.name} driver contract`,
    options,
    driverFamilies,
    run,
    options.clock === 'real',
  );
}
