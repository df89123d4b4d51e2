import { expect } from 'vitest';
import { realisticSessionData } from '../fixtures.js';
import { ended } from '../operations.js';
import type { VialFamily } from './context.js';

/** Sessions saved, loaded, slid, regenerated, changed concurrently and destroyed through Vial. */
export const sessionClauses: VialFamily = () => ({
  'vial.round-trip: a realistic session saved through Vial must load back with every value':
    async ({ vial }) => {
      const data = realisticSessionData();
      const s = vial.session();
      for (const [key, value] of Object.entries(data)) s.set(key, value);
      await s.save();
      expect((await vial.load(s.id)).toJSON(), 'the loaded session').toStrictEqual(data);
    },
  'vial.concurrent-keys: when 100 requests of one session each save a key of their own at once, the session must keep all 100':
    async ({ vial }) => {
      const s = vial.session().set('base', true);
      await s.save();
      const copies = await Promise.all(Array.from({ length: 100 }, () => vial.load(s.id)));
      await Promise.all(copies.map((copy, i) => copy.set(`key${i}`, i).save()));
      const after = (await vial.load(s.id)).toJSON() as Record<string, unknown>;
      const lost = copies.map((_, i) => `key${i}`).filter((key, i) => after[key] !== i);
      expect(lost, 'keys lost by 100 concurrent saves').toStrictEqual([]);
      expect(after.base, 'the key saved first').toBe(true);
    },
  'vial.no-resurrect: a session destroyed while other requests save it must stay destroyed: each of those saves succeeds before the destroy or fails with SessionGoneError':
    async ({ vial }) => {
      const s = vial.session().set('n', 0);
      await s.save();
      const copies = await Promise.all(Array.from({ length: 20 }, () => vial.load(s.id)));
      const saves = copies.map((copy, i) => ended(copy.set(`k${i}`, i).save()));
      await (await vial.load(s.id)).destroy();
      const others = (await Promise.all(saves)).filter((o) => o !== 'resolved');
      const expected = others.map(() => 'SessionGoneError');
      expect(others, 'saves that did not succeed: how they failed').toStrictEqual(expected);
      expect((await vial.load(s.id)).isNew, 'the session loaded after it all').toBe(true);
    },
  "vial.slide: a load with the session's own token, once its idle window has run on, must move the stored expiry (a touch) and keep every value":
    async ({ withOptions, driver, advance, now }) => {
      const vial = withOptions({ ttl: '1h' });
      const s = vial.session().set('cart', ['tea']);
      await s.save();
      const stored = async () => (await driver.read(s.sid as string, { now: now() }))?.expiresAt;
      const saved = (await stored()) ?? Number.NaN;
      advance(10 * 60_000);
      const loaded = await vial.load(s.id);
      expect(loaded.get('cart'), 'a value of the loaded session').toStrictEqual(['tea']);
      const moved = await stored();
      expect(moved, "the stored expiry: the loaded session's").toBe(loaded.expiresAt?.getTime());
      expect(moved, 'the stored expiry: 10 minutes on').toBeGreaterThanOrEqual(saved + 600_000);
    },
  'vial.regenerate: regenerate() must move the session to a new sid that opens with every value while the old token and record are gone; regenerating a copy after that must fail with SessionGoneError':
    async ({ vial, driver, now }) => {
      const s = vial.session().set('cart', ['tea']);
      await s.save();
      const [oldSid, oldToken] = [s.sid as string, s.id];
      const copy = await vial.load(oldToken);
      await s.regenerate();
      expect(s.sid, 'the sid after regenerate()').not.toBe(oldSid);
      expect((await vial.load(s.id)).get('cart'), 'a value, by the new token').toStrictEqual([
        'tea',
      ]);
      expect((await vial.load(oldToken)).isNew, 'the old token opens nothing').toBe(true);
      expect(await driver.read(oldSid, { now: now() }), 'the old record').toBeNull();
      const late = await ended(copy.regenerate());
      expect(late, 'regenerate() of a copy loaded by the old token').toBe('SessionGoneError');
    },
});
