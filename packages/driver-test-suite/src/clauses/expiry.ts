import { expect } from 'vitest';
import type { DriverFamily } from '../suite.js';

/** Core computes every `expiresAt`: the driver stores it exactly, reports it, and lets the record go. */
export const expiryClauses: DriverFamily = () => ({
  'expiry.reported: read() must report the expiresAt of the last create(), update() with expiresAt, or touch(), exactly; null when it never expires':
    async (h) => {
      const [sid, never, base] = [h.sid(), h.sid(), h.long()];
      const seen = async () => (await h.read(sid))?.expiresAt;
      await h.create(sid, { a: '1' }, base);
      await h.create(never, { a: '1' }, null);
      const steps = [await seen()];
      await h.update(sid, { set: { b: '2' }, expiresAt: base + 7 });
      steps.push(await seen());
      await h.update(sid, { set: { c: '3' } });
      steps.push(await seen());
      await h.touch(sid, base + 11);
      steps.push(await seen(), (await h.read(never))?.expiresAt);
      const expected = [base, base + 7, base + 7, base + 11, null];
      expect(steps, 'after create, update, update without it, touch; created null').toStrictEqual(
        expected,
      );
    },
  'expiry.ends: a record must read as present until its expiresAt and as absent (null) after it, judged by the `now` passed in (virtual clock) or the store clock (real clock)':
    async (h) => {
      const [sid, expiresAt] = [h.sid(), h.now() + h.short];
      await h.create(sid, { a: '1' }, expiresAt);
      if (h.virtual) await h.at(expiresAt - 1);
      const present = await h.before(expiresAt, () => h.read(sid));
      expect(present?.fields.get('a'), 'the record just before its expiresAt').toBe('1');
      await h.after(expiresAt);
      expect(await h.read(sid), 'read() just after its expiresAt').toBeNull();
    },
  'expiry.update: update() with expiresAt must move the expiry there (later, earlier or to null); update() without it must keep the expiry the record has':
    async (h) => {
      const soon = h.now() + h.short;
      const cases = { later: h.long(), earlier: soon, never: null, kept: undefined };
      const sids = Object.fromEntries(Object.keys(cases).map((name) => [name, h.sid()]));
      for (const name of Object.keys(cases)) {
        await h.create(sids[name] ?? '', { a: '1' }, name === 'earlier' ? h.long() : soon);
      }
      const answers = await h.before(soon, () =>
        Promise.all(
          Object.entries(cases).map(([name, expiresAt]) =>
            h.update(sids[name] ?? '', {
              set: { b: '2' },
              ...(expiresAt !== undefined && { expiresAt }),
            }),
          ),
        ),
      );
      expect(answers, 'the four updates').toStrictEqual(['ok', 'ok', 'ok', 'ok']);
      await h.after(soon);
      const present: Record<string, boolean> = {};
      for (const [name, sid] of Object.entries(sids)) present[name] = (await h.read(sid)) !== null;
      const expected = { later: true, earlier: false, never: true, kept: false };
      expect(present, 'which records are there after the early expiry').toStrictEqual(expected);
    },
  'expiry.never: a record whose expiresAt is null must stay present however much time passes':
    async (h) => {
      const [never, twin, soon] = [h.sid(), h.sid(), h.now() + h.short];
      await h.create(never, { a: '1' }, null);
      await h.create(twin, { a: '1' }, soon);
      await h.after(h.virtual ? h.now() + 10 * 365 * 86_400_000 : soon);
      expect(await h.read(twin), 'its twin that had an expiry').toBeNull();
      await h.expectFields(never, { a: '1' }, 'the record without expiry');
    },
});
