import { type Driver, Vial, type VialOptions } from '@vial/core';
import type { DescribeDriverOptions } from '../options.js';

/** A driver behind a `Vial` whose clock the test moves forward. */
export interface VialContext {
  readonly vial: Vial;
  readonly driver: Driver;
  /** Moves the Vial's clock forward by `ms` milliseconds, without sleeping. */
  advance(ms: number): void;
  /** Another Vial over the same driver and clock, with other options. */
  withOptions(options: Omit<VialOptions, 'driver' | 'clock'>): Vial;
}

/**
 * Builds a context. Core passes its own `now` to every driver call, so a clock
 * that only moves forward works on stores with a wall clock too (Redis): the
 * record's expiry is judged by core's `now`, and the store's own TTL, relative
 * to the write, only reclaims memory later.
 */
export async function vialContext(
  options: DescribeDriverOptions,
  vialOptions: Omit<VialOptions, 'driver' | 'clock'> = {},
): Promise<VialContext> {
  let offset = 0;
  const clock = () => Date.now() + offset;
  const driver = await options.createDriver({
    clock: options.clock === 'virtual' ? clock : Date.now,
  });
  return {
    driver,
    vial: new Vial({ ...vialOptions, driver, clock }),
    advance(ms) {
      offset += ms;
    },
    withOptions(other) {
      return new Vial({ ...other, driver, clock });
    },
  };
}
