import { describe, expect } from 'vitest';
import { sortedPairs } from '../harness.js';
import type { Suite } from '../suite.js';

/** Every operation is one atomic step, so concurrent callers never lose each other's writes. */
export function atomicityClauses(suite: Suite): void {
  describe('atomicity', () => {
    suite.test(
      'atomicity.disjoint-fields',
      'keeps every field of 100 concurrent updates that each set their own field',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [['base', 'kept']]);
        const results = await Promise.all(
          Array.from({ length: 100 }, (_, i) => h.update(sid, { set: [[`f${i}`, String(i)]] })),
        );
        expect(
          results.filter((r) => r !== 'ok'),
          'answers other than "ok"',
        ).toStrictEqual([]);
        const expected = new Map([['base', 'kept']]);
        for (let i = 0; i < 100; i++) expected.set(`f${i}`, String(i));
        const fields = await h.fieldsOf(sid);
        const missing = [...expected.keys()].filter((k) => !fields?.some(([name]) => name === k));
        expect(
          missing.length,
          `fields lost by concurrent updates (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''})`,
        ).toBe(0);
        expect(fields, 'fields after 100 concurrent updates').toStrictEqual(sortedPairs(expected));
      },
    );

    suite.test(
      'atomicity.set-and-del',
      'applies both a delete of one field and a concurrent set of another',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [
          ['a', '1'],
          ['b', '2'],
          ['c', '3'],
        ]);
        await Promise.all([
          h.update(sid, { del: ['a'] }),
          h.update(sid, { set: [['d', '4']] }),
          h.update(sid, { set: [['b', '20']], del: ['c'] }),
        ]);
        expect(await h.fieldsOf(sid), 'fields after three concurrent deltas').toStrictEqual([
          ['b', '20'],
          ['d', '4'],
        ]);
      },
    );

    suite.test(
      'atomicity.create-race',
      'lets exactly one of 20 concurrent creates of one sid win',
      async (h) => {
        const sid = h.sid();
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) => h.create(sid, [['winner', String(i)]])),
        );
        const winners = answers.flatMap((created, i) => (created ? [i] : []));
        expect(winners.length, `creates that answered true (${winners.join(', ')})`).toBe(1);
        expect(await h.fieldsOf(sid), 'the stored record').toStrictEqual([
          ['winner', String(winners[0])],
        ]);
      },
    );

    suite.test(
      'atomicity.update-destroy-race',
      'never leaves a record behind when updates race a destroy',
      async (h) => {
        for (let round = 0; round < 10; round++) {
          const sid = h.sid();
          await h.create(sid, [['a', '1']]);
          // Started in this order, without awaiting: the destroy lands between updates.
          const steps: (() => Promise<unknown>)[] = [];
          for (let i = 0; i < 5; i++) steps.push(() => h.update(sid, { set: [[`f${i}`, 'x']] }));
          steps.splice(round % 5, 0, () => h.driver.destroy([sid]));
          await Promise.all(steps.map((start) => start()));
          expect(
            await h.read(sid),
            `read() after updates raced a destroy (round ${round})`,
          ).toBeNull();
        }
      },
    );
  });
}
