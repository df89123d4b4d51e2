import { InvalidOptionError } from '@vial/core';

/** Options of {@link sqliteDriver}. */
export interface SqliteDriverOptions {
  /**
   * Prefix of the three tables the driver creates if missing
   * (`<prefix>_records`, `<prefix>_fields`, `<prefix>_users`), so several
   * stores can share one database. Letters, digits and `_`. Default `'vial'`.
   */
  readonly tablePrefix?: string;
  /**
   * The clock, in epoch milliseconds. Default `Date.now`. Every operation
   * judges expiry by the `now` core passes; only `destroy()`, `sids()` and
   * `reclaim()` have no `now` and ask this clock. Core also uses it (through
   * `driver.now()`), so one fake clock drives both in tests.
   */
  readonly clock?: () => number;
}

/** {@link SqliteDriverOptions} after defaults and validation. */
export interface ResolvedOptions {
  readonly tablePrefix: string;
  readonly clock: () => number;
}

/** Applies defaults; a bad option fails here, naming it, before any table is touched. */
export function resolveOptions(options: SqliteDriverOptions = {}): ResolvedOptions {
  const { tablePrefix = 'vial', clock = Date.now } = options;
  // The prefix is spliced into SQL, so it must be a plain identifier.
  if (typeof tablePrefix !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,40}$/.test(tablePrefix)) {
    throw new InvalidOptionError(
      'tablePrefix',
      `sqliteDriver option \`tablePrefix\` must be letters, digits and underscores, starting with a letter or underscore; got ${JSON.stringify(tablePrefix)}.`,
    );
  }
  if (typeof clock !== 'function') {
    throw new InvalidOptionError(
      'clock',
      `sqliteDriver option \`clock\` must be a function returning epoch milliseconds; got ${String(clock)}.`,
    );
  }
  return { tablePrefix, clock };
}
