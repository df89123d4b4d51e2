import type { Driver, DriverCapabilities } from '@vial/core';

/** What the suite hands to {@link DescribeDriverOptions.createDriver}. */
export interface DriverContext {
  /**
   * The clock (epoch milliseconds) the driver must judge time by. With
   * `clock: 'virtual'` the suite moves it forward instead of sleeping; with
   * `clock: 'real'` it is `Date.now`.
   */
  readonly clock: () => number;
}

/** Options of {@link describeDriver}. */
export interface DescribeDriverOptions {
  /** The driver's name, used in test titles, such as `'memory'` or `'sqlite'`. */
  readonly name: string;
  /**
   * What the driver declares. The suite registers the tests of each optional
   * capability from this value (before any driver exists) and checks that
   * every driver it creates declares exactly the same.
   */
  readonly capabilities: DriverCapabilities;
  /**
   * How the store tells time.
   * - `'virtual'`: the driver judges expiry by the `now` values it is given
   *   and by the injected clock (for `sids()`); the suite advances that clock
   *   instead of sleeping, so expiry tests take no time.
   * - `'real'`: the store expires records on its own wall clock (Redis); the
   *   suite uses `Date.now()`, expiries of a few hundred milliseconds and
   *   short sleeps (about 3 s of sleeping in total, overlapped).
   */
  readonly clock: 'virtual' | 'real';
  /**
   * A fresh driver, isolated from every other one it returns (its own
   * namespace, key prefix or database). Called once per test; the suite calls
   * `close()` on it, when present, after the test.
   */
  readonly createDriver: (ctx: DriverContext) => Promise<Driver>;
  /** Called once after every test of this suite, to release shared resources. */
  readonly cleanup?: () => Promise<void>;
}
