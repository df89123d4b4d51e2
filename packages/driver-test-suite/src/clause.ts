import { type ContractClauseId, contractClause } from './contract.js';

const attributed = Symbol.for('vial.driver-test-suite.clause');

/**
 * Runs `check` and, when it throws, rewrites the error so its message starts
 * with the clause it proves broken and what a driver must do instead:
 *
 * `[update.no-resurrect-destroyed] update never resurrects a destroyed record:
 * update() of a destroyed record must resolve "gone" and write nothing.`
 *
 * Assertion errors keep their expected/actual values, so vitest still shows
 * the diff. Nested calls keep the innermost (most precise) clause.
 */
export async function clause<T>(id: ContractClauseId, check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    throw attribute(id, error);
  }
}

/** The first line a failure of clause `id` starts with. */
export function clauseHeadline(id: ContractClauseId): string {
  const c = contractClause(id);
  return `[${c.id}] ${c.title}: ${c.requirement}.`;
}

function attribute(id: ContractClauseId, error: unknown): Error {
  const err =
    error instanceof Error
      ? error
      : new Error(`the driver threw a non-Error value: ${String(error)}`, { cause: error });
  if ((err as { [attributed]?: boolean })[attributed] === true) return err;
  const original = err.message;
  const headline = clauseHeadline(id);
  const detail = isAssertion(err) ? original : `the driver threw: ${original}`;
  err.message = `${headline}\n${detail}`;
  // V8 formats `stack` lazily: it may already show the new message, or may
  // have been read before and still show the old one, which reporters print.
  if (typeof err.stack !== 'string' || err.stack.includes(headline)) {
    // nothing to fix
  } else if (original !== '') {
    err.stack = err.stack.replace(original, err.message);
  } else if (typeof err.stack === 'string') {
    err.stack = `${err.name}: ${err.message}\n${err.stack.split('\n').slice(1).join('\n')}`;
  }
  Object.defineProperty(err, attributed, { value: true });
  return err;
}

function isAssertion(err: Error): boolean {
  return err.name === 'AssertionError' || err.name === 'ClauseTimeout';
}
