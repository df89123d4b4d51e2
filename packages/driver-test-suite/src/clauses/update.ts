import { describe, expect } from 'vitest';
import type { Suite } from '../suite.js';

/** Updating: applies to a live record, and never creates or resurrects one. */
export function updateClauses(suite: Suite): void {
  describe('update', () => {
    suite.test(
      'update.applies',
      'applies an update to a live record and answers "ok"',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [['a', '1']]);
        expect(await h.update(sid, { set: [['a', '2']] }), 'update() of a live record').toBe('ok');
        expect(await h.fieldsOf(sid), 'fields after update()').toStrictEqual([['a', '2']]);
      },
    );

    suite.test(
      'update.gone-unknown',
      'answers "gone" for a sid that was never created, and does not create it',
      async (h) => {
        const sid = h.sid();
        expect(await h.update(sid, { set: [['a', '1']] }), 'update() of an unknown sid').toBe(
          'gone',
        );
        expect(await h.read(sid), 'read() after that update()').toBeNull();
      },
    );

    suite.test(
      'update.no-resurrect-destroyed',
      'answers "gone" for a destroyed record and does not bring it back',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [['a', '1']]);
        await h.driver.destroy([sid]);
        expect(await h.update(sid, { set: [['b', '2']] }), 'update() after destroy()').toBe('gone');
        expect(await h.read(sid), 'read() after that update()').toBeNull();
      },
    );

    suite.test(
      'update.no-resurrect-expired',
      'answers "gone" for an expired record, does not bring it back, and leaves the sid free',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [['a', '1']]);
        const created = h.now();
        await h.waitUntil(created + h.idleMs + h.margin);
        expect(
          await h.update(sid, { set: [['b', '2']], expiry: h.policy(h.idleMs * 100) }),
          'update() after expiry',
        ).toBe('gone');
        expect(await h.read(sid), 'read() after that update()').toBeNull();
        expect(await h.create(sid, [['c', '3']]), 'create() of the sid afterwards').toBe(true);
        expect(await h.fieldsOf(sid), 'fields of the new record').toStrictEqual([['c', '3']]);
      },
      { sleeps: true },
    );
  });
}
