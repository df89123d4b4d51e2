import type { Driver } from '@vial/core';
import type { DescribeDriverOptions } from '../options.js';
import { describeClauses, type Families } from '../suite.js';
import { boundedClauses } from './bounded.js';
import { inVial, type VialContext } from './context.js';
import { vialFailureClauses } from './failures.js';
import { forgedClauses, revokeAttackClauses } from './forged.js';
import { sessionClauses } from './sessions.js';
import { userClauses } from './users.js';

/** Each family is one file of `src/with-vial/`, registered when the driver has what it needs. */
export const vialFamilies: Families<VialContext> = [
  [sessionClauses],
  [boundedClauses],
  [forgedClauses],
  [userClauses, 'userIndex'],
  [revokeAttackClauses, 'userIndex'],
  [vialFailureClauses],
];

/**
 * Registers end-to-end tests of a driver under core's `Vial`: what users
 * rely on, made of several driver calls each. Sessions round-trip, 100
 * concurrent saves keep every key, a destroyed session stays destroyed,
 * loads slide the expiry, regenerate moves a session, a forged token writes
 * nothing, and with a user index, bound sessions are listed, revoked and
 * expire as users expect. With the hooks, outages and unreadable records
 * reach the user as vial documents; many concurrent writers, a long-lived
 * session and `conflict: 'reject'` keep the storage bounded and lose nothing.
 * Takes the same options as `describeDriver`.
 */
export function describeWithVial<D extends Driver>(typed: DescribeDriverOptions<D>): void {
  const options = typed as unknown as DescribeDriverOptions;
  describeClauses(`${options.name} under Vial`, options, vialFamilies, (body) =>
    inVial(options, body),
  );
}
