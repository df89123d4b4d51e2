import { InvalidOptionError } from '@vial/core';

/** Options of {@link memoryDriver}. */
export interface MemoryDriverOptions {
  /**
   * The driver's clock, in epoch milliseconds. Default: `Date.now`. Inject a
   * fake one in tests to move time without sleeping: `Vial` uses it for every
   * operation (unless given its own `clock`), and so does the reclaimer.
   */
  readonly clock?: () => number;
  /**
   * How often (milliseconds) a background timer frees the memory of up to
   * 1,000 expired records and user indexes. Default: `1000`. `false` turns
   * the timer off: expired records still read as absent, and every create
   * still frees a few. The timer is `unref()`ed, so it never keeps a process
   * alive; `close()` stops it.
   */
  readonly sweepIntervalMs?: number | false;
}

/** How many records (and as many user indexes) one timer tick looks at, at most. */
export const SWEEP_BATCH = 1000;

/** Applies defaults and rejects invalid options with a message that names the option. */
export function resolveOptions(options: MemoryDriverOptions = {}): Required<MemoryDriverOptions> {
  const { clock = Date.now, sweepIntervalMs = 1000 } = options;
  if (typeof clock !== 'function') {
    throw new InvalidOptionError(
      'clock',
      `memoryDriver option \`clock\` must be a function returning epoch milliseconds; got ${describe(clock)}.`,
    );
  }
  const positive = typeof sweepIntervalMs === 'number' && sweepIntervalMs > 0;
  if (sweepIntervalMs !== false && !(positive && Number.isFinite(sweepIntervalMs))) {
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
