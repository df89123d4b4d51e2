import { InvalidOptionError } from '@vial/core';
import { describe, expect, it } from 'vitest';
import { memoryDriver } from '../src/index.js';

describe('options', () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, '1000'])(
    'rejects sweepIntervalMs %s with an error naming the option',
    (value) => {
      expect(() => memoryDriver({ sweepIntervalMs: value as number })).toThrow(InvalidOptionError);
      expect(() => memoryDriver({ sweepIntervalMs: value as number })).toThrow(/sweepIntervalMs/);
    },
  );

  it('rejects a clock that is not a function', () => {
    expect(() => memoryDriver({ clock: 5 as unknown as () => number })).toThrow(/clock/);
  });

  it('uses Date.now when no clock is given', async () => {
    const driver = memoryDriver();
    try {
      const before = Date.now();
      const now = driver.now();
      expect(now).toBeGreaterThanOrEqual(before);
      expect(now).toBeLessThanOrEqual(Date.now());
    } finally {
      await driver.close();
    }
  });
});
