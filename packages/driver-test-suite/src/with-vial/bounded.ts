import { RecordTooLargeError, type Session, type Vial } from '@vial/core';
import { expect } from 'vitest';
import { ended } from '../operations.js';
import type { VialContext, VialFamily } from './context.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** How many times larger than the same record written fresh a session's storage may grow. */
const BOUND = 4;

/**
 * The largest storage a session took while `work` ran (sampled after each
 * of its steps), against the same data saved fresh as a new session; or
 * `null` when the driver's suite gives no `storedBytes`.
 */
class Sizes {
  largest = 0;
  constructor(private readonly ctx: VialContext) {}

  async sample(session: Session): Promise<void> {
    const { storedBytes } = this.ctx;
    if (storedBytes === undefined || session.sid === null) return;
    this.largest = Math.max(this.largest, await storedBytes(session.sid));
  }

  /** Asserts the bound against `data` saved fresh through `vial`. */
  async expectBounded(vial: Vial, data: Record<string, unknown>, label: string): Promise<void> {
    const { storedBytes } = this.ctx;
    if (storedBytes === undefined) return;
    const fresh = vial.session();
    for (const [key, value] of Object.entries(data)) fresh.set(key, value);
    await fresh.save();
    const base = await storedBytes(fresh.sid as string);
    expect(
      { largest: this.largest, times: Math.round((this.largest / base) * 100) / 100 },
      `${label}: the largest storage seen (bytes), against ${base} for the same record written fresh`,
    ).toSatisfy(({ times }: { times: number }) => times <= BOUND);
  }
}

/** A session's storage stays bounded, and nothing is lost, however it is written. */
export const boundedClauses: VialFamily = (suite) => ({
  'vial.hot-session: 64 requests of one session that each load it, change a key of their own and save, 8 times over and all at once, must keep every last value; with storedBytes, the storage the session takes must stay within 4 times that of the same record written fresh':
    async (ctx) => {
      const { vial } = ctx;
      const s = vial.session().set('base', true);
      await s.save();
      const sizes = new Sizes(ctx);
      await Promise.all(
        range(64).map(async (w) => {
          for (const round of range(8)) {
            const copy = await vial.load(s.id);
            await copy.set(`w${w}`, round).save();
            if (w % 16 === 0) await sizes.sample(copy);
          }
        }),
      );
      const after = (await vial.load(s.id)).toJSON() as Record<string, unknown>;
      const lost = range(64).filter((w) => after[`w${w}`] !== 7);
      expect(
        lost.map((w) => `w${w}`),
        'keys whose last value was lost',
      ).toStrictEqual([]);
      await sizes.sample(s);
      await sizes.expectBounded(vial, after, '64 writers');
    },
  'vial.long-lived: one Session object saving 300 times in a row (a WebSocket handler, a job), whether it created the session or loaded it, must leave its last values; with storedBytes, the storage must stay within 4 times that of the record written fresh':
    async (ctx) => {
      const { vial } = ctx;
      const created = vial.session().set('n', 0);
      await created.save();
      const loaded = await vial.load(created.id);
      for (const s of [created, loaded]) {
        const sizes = new Sizes(ctx);
        for (const i of range(300)) {
          await s.set('n', i).save();
          if (i % 10 === 9) await sizes.sample(s);
        }
        expect((await vial.load(s.id)).get('n'), 'the value after 300 saves').toBe(299);
        await sizes.expectBounded(vial, { n: 299 }, created === s ? 'created' : 'loaded');
      }
    },
  "vial.conflict-bounded: with conflict: 'reject', 300 load-change-save cycles in a row must each succeed; with storedBytes, the storage must stay within 4 times that of the record written fresh":
    async (ctx) => {
      const vial = ctx.withOptions({ conflict: 'reject' });
      const s = vial.session().set('n', 0);
      await s.save();
      const sizes = new Sizes(ctx);
      for (const i of range(300)) {
        const copy = await vial.load(s.id);
        await copy.set('n', i).save();
        if (i % 10 === 9) await sizes.sample(copy);
      }
      expect((await vial.load(s.id)).get('n'), 'the value after 300 cycles').toBe(299);
      await sizes.expectBounded(vial, { n: 299 }, "conflict: 'reject'");
    },
  ...(suite.has('recordLimit') && {
    'vial.record-limit: with the recordLimit capability, 20 requests of one session each adding a 9,000-byte value at once under maxRecordBytes 10,000 must leave the stored record within 10,000 bytes plus one change; the others fail with RecordTooLargeError, and a save that deletes keys still succeeds':
      async (ctx: VialContext) => {
        const vial = ctx.withOptions({ maxRecordBytes: 10_000 });
        const s = vial.session().set('base', 1);
        await s.save();
        const copies = await Promise.all(range(20).map(() => vial.load(s.id)));
        const outcomes = await Promise.all(
          copies.map((copy, i) => ended(copy.set(`k${i}`, 'v'.repeat(9_000)).save())),
        );
        const loaded = await vial.load(s.id);
        const stored = (await ctx.driver.read(loaded.sid as string, { now: ctx.now() }))?.fields;
        let bytes = 0;
        for (const [name, value] of stored ?? []) bytes += Buffer.byteLength(name + value);
        expect(bytes, 'bytes stored').toBeLessThanOrEqual(10_000 + 9_010);
        const kept = range(20).filter((i) => loaded.has(`k${i}`));
        expect(
          outcomes,
          'how each save ended: resolved for the values kept, else RecordTooLargeError',
        ).toStrictEqual(
          range(20).map((i) => (kept.includes(i) ? 'resolved' : RecordTooLargeError.name)),
        );
        for (const i of kept) loaded.delete(`k${i}`);
        await loaded.set('after', true).save();
        expect((await vial.load(s.id)).toJSON(), 'the session after the delete').toStrictEqual({
          base: 1,
          after: true,
        });
      },
  }),
});
