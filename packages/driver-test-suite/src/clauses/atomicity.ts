import { expect } from 'vitest';
import { type DeltaInput, pairs } from '../harness.js';
import type { DriverFamily } from '../suite.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Every operation is one atomic step: concurrent callers never lose each other's writes. */
export const atomicityClauses: DriverFamily = () => ({
  'atomicity.disjoint-fields: concurrent update() calls that set different fields of one record must each be applied atomically: no field may be lost (no read-modify-write across awaits)':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { base: 'kept' });
      const answers = await Promise.all(
        range(100).map((i) => h.update(sid, { set: { [`f${i}`]: `${i}` } })),
      );
      expect(
        answers.filter((a) => a !== 'ok'),
        'answers other than "ok"',
      ).toStrictEqual([]);
      const fields = (await h.read(sid))?.fields ?? new Map();
      const lost = range(100).filter((i) => fields.get(`f${i}`) !== `${i}`);
      expect(
        lost.map((i) => `f${i}`),
        'fields lost by 100 concurrent updates',
      ).toStrictEqual([]);
      expect(fields.get('base'), 'the field set by create()').toBe('kept');
    },
  'atomicity.set-and-del: an update() deleting one field and concurrent update() calls setting and deleting others must all be applied':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { a: '1', b: '2', c: '3' });
      const deltas: DeltaInput[] = [
        { del: ['a'] },
        { set: { d: '4' } },
        { set: { b: '20' }, del: ['c'] },
      ];
      await Promise.all(deltas.map((delta) => h.update(sid, delta)));
      await h.expectFields(sid, { b: '20', d: '4' }, 'fields after three concurrent deltas');
    },
  'atomicity.touch-update: a touch() and concurrent update() calls must all be applied: every field kept, and the expiry the touch set':
    async (h) => {
      const [sid, expiresAt] = [h.sid(), h.long() + 60_000];
      await h.create(sid, { a: '1' });
      const b = h.update(sid, { set: { b: '2' } });
      await Promise.all([b, h.touch(sid, expiresAt), h.update(sid, { set: { c: '3' } })]);
      const expected = { fields: pairs({ a: '1', b: '2', c: '3' }), expiresAt };
      const { revision: _, ...state } = (await h.state(sid)) ?? {};
      expect(state, 'the record after the touch and the updates').toStrictEqual(expected);
    },
  "atomicity.create-race: concurrent create() calls of one free sid must resolve true exactly once; the record holds the winner's fields":
    async (h) => {
      const sid = h.sid();
      const answers = await Promise.all(range(20).map((i) => h.create(sid, { winner: `${i}` })));
      const winners = range(20).filter((i) => answers[i]);
      expect(winners.length, `creates that resolved true (${winners.join(', ')})`).toBe(1);
      await h.expectFields(sid, { winner: `${winners[0]}` }, 'the stored record');
    },
  'atomicity.destroy-race: update() and touch() calls running concurrently with destroy() must never leave the record present afterwards: the existence check and the write must be one atomic step':
    async (h) => {
      for (const round of range(10)) {
        const sid = h.sid();
        await h.create(sid, { a: '1' });
        // Started in this order, without awaiting: the destroy lands between the writes.
        const writes = range(6).map((i): (() => Promise<unknown>) =>
          i % 3 === 2
            ? () => h.touch(sid, h.long())
            : () => h.update(sid, { set: { [`f${i}`]: 'x' } }),
        );
        writes.splice(round % 6, 0, () => h.destroy([sid]));
        await Promise.all(writes.map((start) => start()));
        expect(await h.read(sid), `read() after writes raced a destroy, round ${round}`).toBeNull();
      }
    },
});
