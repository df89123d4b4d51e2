import { describe, expect, it } from 'vitest';
import { eventually } from '../src/index.js';

describe('eventually', () => {
  it('retries a failing attempt until it resolves, and resolves its value', async () => {
    let calls = 0;
    const value = await eventually(async () => {
      calls += 1;
      if (calls < 3) throw new Error('not yet');
      return 'ready';
    });
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it('rethrows the last error once the timeout has passed', async () => {
    let calls = 0;
    await expect(
      eventually(async () => {
        calls += 1;
        throw new Error(`attempt ${calls}`);
      }, 120),
    ).rejects.toThrow(/attempt [2-9]/);
  });
});
