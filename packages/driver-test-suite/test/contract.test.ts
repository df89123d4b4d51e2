import { describe, expect, it } from 'vitest';
import { CONTRACT_CLAUSES, clause, contractClause } from '../src/index.js';

describe('the clause catalogue', () => {
  it('gives every clause a unique family.name id inside its own family', () => {
    const ids = CONTRACT_CLAUSES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CONTRACT_CLAUSES) expect(c.id.startsWith(`${c.family}.`), c.id).toBe(true);
  });

  it('throws for an unknown clause id', () => {
    expect(() => contractClause('nope.nothing' as 'read.absent')).toThrow(
      /Unknown contract clause/,
    );
  });
});

describe('clause()', () => {
  it('prefixes a failed assertion with the clause and keeps the assertion text', async () => {
    const error = await clause('read.absent', () => expect(1, 'the answer').toBe(2)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(
      message.startsWith('[read.absent] unknown records read as absent: read() of a sid'),
    ).toBe(true);
    expect(message).toContain('the answer: expected 1 to be 2');
    expect((error as Error).stack?.split('[read.absent]').length).toBe(2);
  });

  it('says the driver threw when the error is not an assertion', async () => {
    const error = await clause('destroy.removes', async () => {
      throw new TypeError('boom');
    }).catch((e: unknown) => e as Error);
    expect(error.message).toMatch(/^\[destroy\.removes\] .*\nthe driver threw: boom$/s);
  });

  it('keeps the innermost clause when clauses nest', async () => {
    const error = await clause('expiry.touch-slides', () =>
      clause('expiry.idle', () => {
        throw new Error('late');
      }),
    ).catch((e: unknown) => e as Error);
    expect(error.message.startsWith('[expiry.idle]')).toBe(true);
    expect(error.message).not.toContain('[expiry.touch-slides]');
  });

  it('resolves to the value of a check that passes', async () => {
    await expect(clause('read.absent', async () => 42)).resolves.toBe(42);
  });
});
