import { SessionGoneError } from '@vial/core';
import { describe, expect, it } from 'vitest';
import { realisticSessionData } from '../fixtures.js';
import type { DescribeDriverOptions } from '../options.js';
import { vialContext } from './context.js';

/** Sessions saved, loaded, changed concurrently and destroyed through Vial. */
export function roundTripChecks(options: DescribeDriverOptions): void {
  describe('sessions through Vial', () => {
    it('saves a realistic session and loads every value back', async () => {
      const { vial, driver } = await vialContext(options);
      const data = realisticSessionData();
      const s = vial.session();
      for (const [key, value] of Object.entries(data)) s.set(key, value);
      await s.save();
      expect((await vial.load(s.id)).toJSON()).toEqual(data);
      await driver.close?.();
    });

    it('keeps all 100 keys when 100 requests of one session each save their own', async () => {
      const { vial, driver } = await vialContext(options);
      const s = vial.session();
      s.set('base', true);
      await s.save();
      await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          const copy = await vial.load(s.id);
          copy.set(`key${i}`, i);
          await copy.save();
        }),
      );
      const after = await vial.load(s.id);
      expect(after.size).toBe(101);
      for (let i = 0; i < 100; i++) expect(after.get(`key${i}`)).toBe(i);
      await driver.close?.();
    });

    it('never resurrects a session destroyed while another request was saving it', async () => {
      const { vial, driver } = await vialContext(options);
      const s = vial.session();
      s.set('n', 0);
      await s.save();
      const copies = await Promise.all(Array.from({ length: 20 }, () => vial.load(s.id)));
      const saves = copies.map((copy, i) => {
        copy.set(`k${i}`, i);
        return copy.save().then(
          () => 'saved',
          (error: unknown) => (error instanceof SessionGoneError ? 'gone' : error),
        );
      });
      await (await vial.load(s.id)).destroy();
      const outcomes = await Promise.all(saves);
      for (const outcome of outcomes) expect(['saved', 'gone']).toContain(outcome);
      expect((await vial.load(s.id)).isNew).toBe(true);
      await driver.close?.();
    });
  });
}
