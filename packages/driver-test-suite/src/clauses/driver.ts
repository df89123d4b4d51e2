import { expect } from 'vitest';
import type { DriverFamily } from '../suite.js';

/** The driver's name, its optional parts as declared, and its clock. */
export const driverClauses: DriverFamily = (suite) => ({
  'driver.features: driver.name must be a non-empty string, the driver must have exactly the optional parts that `features` lists (userIndex with add, list and remove; sids; close; capabilities.conditionalUpdate; capabilities.recordLimit), and its now(), if any, must return the clock it was created with':
    async (h) => {
      const { driver } = h;
      expect(driver.name, 'driver.name').toBeTypeOf('string');
      expect(driver.name.length, 'driver.name length').toBeGreaterThan(0);
      const index = driver.userIndex;
      const found = {
        userIndex: ['add', 'list', 'remove'].filter(
          (m) => typeof (index as Record<string, unknown> | undefined)?.[m] === 'function',
        ),
        sids: typeof driver.sids === 'function',
        close: typeof driver.close === 'function',
        conditionalUpdate: driver.capabilities?.conditionalUpdate === true,
        recordLimit: driver.capabilities?.recordLimit === true,
      };
      const declared = {
        userIndex: suite.has('userIndex') ? ['add', 'list', 'remove'] : [],
        sids: suite.has('sids'),
        close: suite.has('close'),
        conditionalUpdate: suite.has('conditionalUpdate'),
        recordLimit: suite.has('recordLimit'),
      };
      expect(found, 'what the driver has (expected: what `features` declares)').toStrictEqual(
        declared,
      );
      const clock = driver.now?.bind(driver);
      if (clock === undefined) return;
      if (h.virtual) {
        expect(clock(), 'driver.now()').toBe(h.now());
        await h.at(h.now() + 90_000);
        expect(clock(), 'driver.now() after the suite moved its clock 90 s on').toBe(h.now());
      } else {
        const t0 = Date.now();
        const reported = clock();
        expect(reported, 'driver.now() (ms), against Date.now()').toBeGreaterThanOrEqual(t0);
        expect(reported, 'driver.now() (ms), against Date.now()').toBeLessThanOrEqual(Date.now());
      }
    },
});
