import { afterAll, beforeAll, chai, it } from 'vitest';

/** How long (ms) one test may run before it fails as "never settled". */
const TIMEOUT_MS = 15_000;

/** Objects in failure messages are printed whole up to this many characters (vitest's default is 40). */
const MESSAGE_OBJECT_CHARS = 2_000;

/**
 * Registers the test of one clause, named `id: requirement`. A failure's
 * message starts with `[id] requirement.`, then says what failed.
 */
export function clauseTest(name: string, run: () => Promise<void>, concurrent = false): void {
  const split = name.indexOf(': ');
  const headline = `[${name.slice(0, split)}] ${name.slice(split + 2)}.`;
  const register = concurrent ? it.concurrent : it;
  register(
    name,
    async () => {
      try {
        await withTimeout(run());
      } catch (error) {
        throw attribute(headline, error);
      }
    },
    TIMEOUT_MS + 5_000,
  );
}

/** Inside the calling `describe`, prints objects in failure messages whole, up to a size. */
export function wholeObjectsInMessages(): void {
  let saved = chai.config.truncateThreshold;
  beforeAll(() => {
    saved = chai.config.truncateThreshold;
    chai.config.truncateThreshold = MESSAGE_OBJECT_CHARS;
  });
  afterAll(() => {
    chai.config.truncateThreshold = saved;
  });
}

/** An error whose message already says it is not the driver's fault, or why it failed. */
function isOwnFinding(error: Error): boolean {
  return error.name === 'AssertionError' || error.name === 'ClauseTimeout';
}

/** Prefixes the error's message (and the stack that reporters print) with the clause headline. */
function attribute(headline: string, error: unknown): Error {
  const err = error instanceof Error ? error : new Error(`a non-Error value: ${String(error)}`);
  const original = err.message;
  err.message = `${headline}\n${isOwnFinding(err) ? original : `the driver threw: ${original}`}`;
  // V8 formats `stack` lazily: it may show the new message already, or the old one.
  if (typeof err.stack === 'string' && !err.stack.includes(headline)) {
    const [, ...frames] = err.stack.split('\n    at ');
    err.stack = [`${err.name}: ${err.message}`, ...frames].join('\n    at ');
  }
  return err;
}

async function withTimeout(work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(
        `an operation did not settle within ${TIMEOUT_MS} ms: the driver never resolved or rejected a promise (a deadlock, a lost callback or an unanswered command)`,
      );
      error.name = 'ClauseTimeout';
      reject(error);
    }, TIMEOUT_MS);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
