import type { Driver } from '@vial/core';

/**
 * An optional part of a driver, tested only when listed in
 * {@link DescribeDriverOptions.features}: the members `userIndex`, `sids` and
 * `close`, and `capabilities.conditionalUpdate` and `capabilities.recordLimit`.
 */
export type DriverFeature = 'userIndex' | 'sids' | 'close' | 'conditionalUpdate' | 'recordLimit';

/** What the suite hands to {@link DescribeDriverOptions.createDriver}. */
export interface DriverContext {
  /**
   * The clock (epoch milliseconds) for what gets no `now` argument
   * (`destroy()`, `sids()`, `driver.now()`). With `clock: 'virtual'` the
   * suite moves it forward instead of sleeping; with `'real'` it is `Date.now`.
   */
  readonly clock: () => number;
}

/** Options of `describeDriver` and `describeWithVial`: the same for both. */
export interface DescribeDriverOptions<D extends Driver = Driver> {
  /** The driver's name in test titles, such as `'sqlite'`. */
  readonly name: string;
  /**
   * The optional parts the driver has. Vitest registers tests before any
   * driver exists, so the suite learns here which tests to register; its
   * `driver.features` test fails when a driver has other parts than these.
   * Default: none.
   */
  readonly features?: readonly DriverFeature[];
  /**
   * How the store tells time.
   * - `'virtual'`: the driver judges expiry by the `now` it is given and by
   *   the injected clock; the suite moves that clock, so nothing sleeps.
   * - `'real'`: the store expires records by its own wall clock (Redis). The
   *   suite then uses `Date.now`, lets records expire 400 ms after they are
   *   written and sleeps for it, overlapped; a test whose timing a stalled
   *   machine broke runs again with windows twice as long.
   */
  readonly clock: 'virtual' | 'real';
  /**
   * A fresh driver, isolated from every other (its own database, key prefix
   * or directory). Called once per test; the suite calls its `close()`, when
   * it has one, after the test.
   */
  readonly createDriver: (ctx: DriverContext) => Promise<D>;
  /**
   * Runs once after the last test of the `describeDriver` or
   * `describeWithVial` block it was given to, even when tests failed: close
   * shared clients, remove temporary files. Given to both, it runs after each,
   * so make it safe to run twice.
   */
  readonly cleanup?: () => Promise<void>;
  /**
   * Makes every later storage call of this driver fail as an outage would
   * (close the connection or database under it, remove its directory). Given,
   * the suite checks that operations reject with the storage's own error and
   * that vial reports `StorageUnavailableError`. Give it unless the storage
   * cannot fail (an in-process Map).
   */
  readonly breakStorage?: (driver: D) => Promise<void>;
  /**
   * Writes something under `sid`, in the driver's own storage, that cannot be
   * a record (unparseable, of another type). Given, the suite checks that
   * `read` rejects with `CorruptRecordError` and that vial treats the session
   * as absent. Give it unless the storage cannot hold such data (a Map of objects).
   */
  readonly corruptRecord?: (driver: D, sid: string) => Promise<void>;
  /**
   * Bytes the driver's own storage holds for the record `sid`, all of it (for
   * a layout that appends changes, every element not compacted yet).
   * Given, the bounded-storage clauses check that many concurrent writers, a
   * long-lived session and `conflict: 'reject'` keep it within a small
   * factor of the record written fresh; without it they check only that
   * nothing is lost.
   */
  readonly storedBytes?: (driver: D, sid: string) => Promise<number>;
}
