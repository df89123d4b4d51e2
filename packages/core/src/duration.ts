import { InvalidOptionError } from './errors.js';

/** A duration: a number of seconds, or a string such as `'90s'`, `'30m'`, `'12h'`, `'1d'`, `'2w'`. */
export type Duration = number | `${number}${DurationUnit}`;

/** The units of a duration string: seconds, minutes, hours, days, weeks. */
export type DurationUnit = 's' | 'm' | 'h' | 'd' | 'w';

const SECONDS_PER_UNIT: Record<DurationUnit, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
};

const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*([smhdw])$/;

/**
 * 400 days, in seconds: browsers keep no cookie longer. A plain number above
 * it is most likely milliseconds given as seconds (one day in ms, 86400000,
 * reads as 2.7 years); a longer duration can still be given as a string.
 */
const LONGEST_PLAIN_SECONDS = 400 * 86_400;

/**
 * Half an hour in milliseconds. A plain number that is a whole number of
 * them reads as milliseconds meant as seconds (`3_600_000` for one hour
 * would otherwise live 41.7 days). Below 500 hours no value in seconds is
 * such a multiple; above, up to the 400-day cap, only 19 are, of which
 * three are whole days (125, 250, 375: also 3, 6 and 9 hours in ms), and
 * the error offers both strings.
 */
const HALF_HOUR_MS = 1_800_000;

/** A whole number of half-hours in ms, written as a duration string: `'1h'`, `'90m'`, `'1d'`. */
function asDuration(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/**
 * Parses a duration option into milliseconds, or `null` for `false` (no limit).
 * Throws an {@link InvalidOptionError} that names the option otherwise, also
 * for a plain number that reads as milliseconds meant as seconds: a whole
 * number of half-hours in milliseconds, or more than 400 days.
 */
export function parseDuration(option: string, value: unknown, allowFalse: boolean): number | null {
  if (value === false && allowFalse) return null;
  const seconds = toSeconds(value);
  if (seconds === undefined || !(seconds > 0) || !Number.isFinite(seconds)) {
    const shape = allowFalse ? ', or false for no limit' : '';
    throw new InvalidOptionError(
      option,
      `${option} must be a positive number of seconds or a duration like '30m', '12h' or '1d'${shape}; got ${describe(value)}`,
    );
  }
  if (typeof value === 'number' && value % HALF_HOUR_MS === 0) {
    // 125, 250 and 375 days in seconds are such numbers too: say both readings.
    const days =
      value % 86_400 === 0 ? `, or '${value / 86_400}d' if you meant ${value / 86_400} days` : '';
    throw new InvalidOptionError(
      option,
      `${option}: ${value} looks like milliseconds (${asDuration(value)}): durations are seconds, or strings; write '${asDuration(value)}'${days}`,
    );
  }
  if (typeof value === 'number' && seconds > LONGEST_PLAIN_SECONDS) {
    const years = (seconds / (365 * 86_400)).toFixed(1);
    throw new InvalidOptionError(
      option,
      `${option}: ${value} seconds is ${years} years; did you mean milliseconds? durations are seconds, or strings like '1d' (a longer one can be given as a string, such as '1000d')`,
    );
  }
  return Math.round(seconds * 1000);
}

function toSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = DURATION_PATTERN.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * SECONDS_PER_UNIT[match[2] as DurationUnit];
}

/** Renders a bad option value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
