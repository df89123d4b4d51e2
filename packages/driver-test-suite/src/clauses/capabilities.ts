import { describe, expect } from 'vitest';
import type { Suite } from '../suite.js';

/** The driver declares what it can do, and has exactly what it declares. */
export function capabilityClauses(suite: Suite): void {
  const declared = suite.options.capabilities;

  describe('capabilities', () => {
    suite.test(
      'capabilities.declared',
      'declares the capabilities the suite was told about, as booleans, under a name',
      async ({ driver }) => {
        expect(typeof driver.name, 'driver.name').toBe('string');
        expect(driver.name.length, 'driver.name length').toBeGreaterThan(0);
        expect(
          {
            userIndex: driver.capabilities.userIndex,
            iterate: driver.capabilities.iterate,
            conditionalUpdate: driver.capabilities.conditionalUpdate,
          },
          'driver.capabilities',
        ).toStrictEqual({
          userIndex: declared.userIndex,
          iterate: declared.iterate,
          conditionalUpdate: declared.conditionalUpdate,
        });
      },
    );

    suite.test(
      'capabilities.user-index-present',
      declared.userIndex
        ? 'has a userIndex with add, list and remove because it declares one'
        : 'has no userIndex because it declares none',
      async ({ driver }) => {
        const index = driver.userIndex;
        if (!declared.userIndex) {
          expect(index, 'driver.userIndex of a driver without the capability').toBeUndefined();
          return;
        }
        expect(index, 'driver.userIndex').toBeDefined();
        expect(typeof index?.add, 'userIndex.add').toBe('function');
        expect(typeof index?.list, 'userIndex.list').toBe('function');
        expect(typeof index?.remove, 'userIndex.remove').toBe('function');
      },
    );

    suite.test(
      'capabilities.iterate-present',
      declared.iterate
        ? 'has sids() because it declares iterate'
        : 'has no sids() because it does not declare iterate',
      async ({ driver }) => {
        expect(typeof driver.sids, 'typeof driver.sids').toBe(
          declared.iterate ? 'function' : 'undefined',
        );
      },
    );

    suite.test(
      'capabilities.clock',
      'reports through now(), when it has one, the clock it was created with',
      async (h) => {
        const clockOf = h.driver.now?.bind(h.driver);
        if (clockOf === undefined) return;
        const tolerance = h.mode === 'virtual' ? 0 : 50;
        expect(Math.abs(clockOf() - h.now()), 'driver.now() - clock()').toBeLessThanOrEqual(
          tolerance,
        );
        if (h.mode === 'virtual') {
          await h.waitUntil(h.now() + 90_000);
          expect(clockOf(), 'driver.now() after the suite advanced its clock by 90 s').toBe(
            h.now(),
          );
        }
      },
    );
  });
}
