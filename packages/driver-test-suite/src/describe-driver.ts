import { afterAll, describe } from 'vitest';
import { atomicityClauses } from './clauses/atomicity.js';
import { capabilityClauses } from './clauses/capabilities.js';
import { conditionalUpdateClauses } from './clauses/conditional-update.js';
import { copyClauses } from './clauses/copies.js';
import { createClauses } from './clauses/create.js';
import { deltaClauses } from './clauses/delta.js';
import { destroyClauses } from './clauses/destroy.js';
import { expiryClauses } from './clauses/expiry.js';
import { iterateClauses } from './clauses/iterate.js';
import { readClauses } from './clauses/read.js';
import { revisionClauses } from './clauses/revision.js';
import { updateClauses } from './clauses/update.js';
import { userIndexClauses } from './clauses/user-index.js';
import { valueClauses } from './clauses/values.js';
import type { DescribeDriverOptions } from './options.js';
import { createSuite } from './suite.js';

/**
 * Registers the vitest tests of the whole driver contract for one driver,
 * inside a `describe` named after it. Call it at the top level of a test file:
 *
 * ```ts
 * describeDriver({
 *   name: 'sqlite',
 *   capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
 *   clock: 'virtual',
 *   createDriver: async ({ clock }) => sqliteDriver(new Database(':memory:'), { clock }),
 * });
 * ```
 *
 * The tests of an optional capability are registered only when
 * `capabilities` declares it. Every failure message starts with the id of the
 * broken clause (see `CONTRACT_CLAUSES`) and says what the driver must do.
 */
export function describeDriver(options: DescribeDriverOptions): void {
  const suite = createSuite(options);
  describe(`${options.name} driver contract`, () => {
    if (options.cleanup !== undefined) afterAll(options.cleanup);
    capabilityClauses(suite);
    readClauses(suite);
    createClauses(suite);
    updateClauses(suite);
    deltaClauses(suite);
    destroyClauses(suite);
    expiryClauses(suite);
    revisionClauses(suite);
    atomicityClauses(suite);
    valueClauses(suite);
    copyClauses(suite);
    conditionalUpdateClauses(suite);
    userIndexClauses(suite);
    iterateClauses(suite);
  });
}
