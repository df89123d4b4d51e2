/** A measurement that could not run, and why: reported in its place instead of ending the run. */
export interface Unmeasured {
  /** The line of the error that says what went wrong. */
  readonly reason: string;
}

/** Whether `value` is a measurement that could not run. */
export function isUnmeasured(value: object): value is Unmeasured {
  return 'reason' in value;
}

/** The line of a child's stderr (or of the error's message) that names what went wrong. */
export function firstErrorLine(error: unknown): string {
  const { stderr, message } = (error ?? {}) as { stderr?: unknown; message?: unknown };
  const text = String(stderr || message || error);
  const lines = text.split('\n').map((line) => line.trim());
  return lines.find((line) => /^\w*Error\b/.test(line)) ?? lines.find(Boolean) ?? 'unknown error';
}
