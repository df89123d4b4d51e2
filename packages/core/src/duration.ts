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
 * Parses a duration option into milliseconds, or `null` for `false` (no limit).
 * Throws an {@link InvalidOptionError} that names the option otherwise, also
 * for a plain number over 400 days (milliseconds meant as seconds).
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
