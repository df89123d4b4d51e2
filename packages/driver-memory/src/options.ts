import { InvalidOptionError } from '@vial/core';

/** Options of {@link memoryDriver}. */
export interface MemoryDriverOptions {
  /**
   * The driver's clock, in epoch milliseconds. Default: `Date.now`.
   *
   * Inject a fake one in tests to move time without sleeping: core's `Vial`
   * uses the driver's clock for every operation (unless given its own
   * `clock`), and the background reclaimer judges expiry by it too.
   */
  readonly clock?: () => number;
  /**
   * How often (milliseconds) a background timer frees the memory of expired
   * records and user indexes. Default: `1000`. `false` turns the timer off;
   * expired records still read as absent, and creating records also frees a
   * few expired ones, but idle memory is then only reclaimed by
   * {@link MemoryDriver.reclaim}.
   *
   * The timer is `unref()`ed, so it never keeps a process alive; `close()`
   * stops it.
   */
  readonly sweepIntervalMs?: number | false;
}

/** Options after defaults and validation. */
export interface ResolvedOptions {
  readonly clock: () => number;
  readonly sweepIntervalMs: number | false;
}

/** The default of {@link MemoryDriverOptions.sweepIntervalMs}, in milliseconds. */
export const DEFAULT_SWEEP_INTERVAL_MS = 1000;

/** Applies defaults and rejects invalid options with a message that names the option. */
export function resolveOptions(options: MemoryDriverOptions = {}): ResolvedOptions {
  const { clock = Date.now, sweepIntervalMs = DEFAULT_SWEEP_INTERVAL_MS } = options;
  if (typeof clock !== 'function') {
    throw new InvalidOptionError(
      'clock',
      `memoryDriver option \`clock\` must be a function returning epoch milliseconds; got ${describe(clock)}.`,
    );
  }
  if (
    sweepIntervalMs !== false &&
    !(
      typeof sweepIntervalMs === 'number' &&
      Number.isFinite(sweepIntervalMs) &&
      sweepIntervalMs > 0
    )
  ) {
    throw new InvalidOptionError(
      'sweepIntervalMs',
      `memoryDriver option \`sweepIntervalMs\` must be a positive number of milliseconds or false; got ${describe(sweepIntervalMs)}.`,
    );
  }
  return { clock, sweepIntervalMs };
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
