/** The median of `values` (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A repeated measurement: every sample and their median. */
export interface Samples {
  readonly samples: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** Summarises repeated measurements of one quantity. */
export function summarise(samples: readonly number[]): Samples {
  return {
    samples,
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
  };
}

/** `a / b`, or `NaN` when `b` is zero. */
export function ratio(a: number, b: number): number {
  return b === 0 ? Number.NaN : a / b;
}
