import { describe } from 'vitest';
import type { DescribeDriverOptions } from '../options.js';
import { roundTripChecks } from './round-trip.js';
import { userChecks } from './users.js';

/**
 * Registers end-to-end tests of a driver under core's `Vial`: realistic
 * sessions round-trip, 100 concurrent saves of one session keep every key, a
 * destroy racing saves never resurrects, and, with `userIndex`, sessions
 * bound to users are listed, revoked and expire as users expect. Run it
 * beside {@link describeDriver}; it takes the same options.
 */
export function describeWithVial(options: DescribeDriverOptions): void {
  describe(`${options.name} under Vial`, () => {
    roundTripChecks(options);
    if (options.capabilities.userIndex) userChecks(options);
  });
}
