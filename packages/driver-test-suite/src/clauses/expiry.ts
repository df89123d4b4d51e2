import { describe, expect } from 'vitest';
import { clause } from '../clause.js';
import type { Suite } from '../suite.js';

/**
 * Expiry: idle (sliding by read-with-touch) and absolute (a deadline never
 * extended), reported by every read. Each test brackets an operation between
 * `t0` (before it) and `t1` (after it): the store may compute the expiry from
 * the `now` it was given or from its own clock at any instant in between.
 */
export function expiryClauses(suite: Suite): void {
  const sleeps = { sleeps: true } as const;

  describe('expiry', () => {
    suite.test(
      'expiry.reported',
      'reports expiresAt as min(now + idleMs, deadline), or null without limits',
      async (h) => {
        const idleOnly = h.sid();
        const t0 = h.now();
        await h.create(idleOnly, [['a', '1']], h.policy(h.idleMs, null));
        const t1 = h.now();
        h.expectNear(
          (await h.read(idleOnly))?.expiresAt,
          t0 + h.idleMs,
          t1 + h.idleMs,
          'expiresAt of an idle-only record',
        );

        const capped = h.sid();
        const deadline = h.now() + Math.floor(h.idleMs / 2);
        await h.create(capped, [['a', '1']], h.policy(h.idleMs, deadline));
        h.expectNear(
          (await h.read(capped))?.expiresAt,
          deadline,
          deadline,
          'expiresAt of a record whose deadline comes first',
        );

        const deadlineOnly = h.sid();
        await h.create(deadlineOnly, [['a', '1']], h.policy(null, deadline));
        h.expectNear(
          (await h.read(deadlineOnly))?.expiresAt,
          deadline,
          deadline,
          'expiresAt of a deadline-only record',
        );

        const never = h.sid();
        await h.create(never, [['a', '1']], h.policy(null, null));
        expect((await h.read(never))?.expiresAt, 'expiresAt of a record without limits').toBeNull();
      },
    );

    suite.test(
      'expiry.idle',
      'keeps a record until its idle window ends and reads it as null after',
      async (h) => {
        const sid = h.sid();
        const t0 = h.now();
        await h.create(sid, [['a', '1']]);
        const t1 = h.now();
        await h.waitUntil(t0 + h.idleMs - h.margin);
        expect(await h.fieldsOf(sid), 'the record just before its idle window ends').toStrictEqual([
          ['a', '1'],
        ]);
        await h.waitUntil(t1 + h.idleMs + h.margin);
        expect(await h.read(sid), 'read() just after the idle window ended').toBeNull();
      },
      sleeps,
    );

    suite.test(
      'expiry.no-touch',
      'does not extend the expiry on reads without touch',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [['a', '1']]);
        const t1 = h.now();
        const first = await h.read(sid, false);
        await h.waitUntil(t1 + Math.floor(h.idleMs / 2));
        const second = await h.read(sid, false);
        expect(second?.expiresAt, 'expiresAt after a read without touch').toBe(first?.expiresAt);
        await h.waitUntil(t1 + h.idleMs + h.margin);
        expect(await h.read(sid, false), 'read() after the unextended idle window').toBeNull();
      },
      sleeps,
    );

    suite.test(
      'expiry.touch-slides',
      'slides the expiry on a read with touch, reports it, and keeps the record past its old expiry',
      async (h) => {
        const touched = h.sid();
        const untouched = h.sid();
        const t0 = h.now();
        await h.create(touched, [['a', '1']]);
        await h.create(untouched, [['a', '1']]);
        const t1 = h.now();
        await h.waitUntil(t0 + Math.floor(h.idleMs / 2));
        const s0 = h.now();
        const slid = await h.read(touched, true);
        const s1 = h.now();
        expect(slid, 'read(touch: true) of a live record').not.toBeNull();
        h.expectNear(
          slid?.expiresAt,
          s0 + h.idleMs,
          s1 + h.idleMs,
          'expiresAt reported by the touch',
        );
        await h.waitUntil(t1 + h.idleMs + h.margin);
        await clause('expiry.idle', async () => {
          expect(await h.read(untouched), 'the untouched twin after its idle window').toBeNull();
        });
        expect(
          await h.fieldsOf(touched),
          'the touched record past its original expiry',
        ).toStrictEqual([['a', '1']]);
        const later = await h.read(touched, false);
        h.expectNear(
          later?.expiresAt,
          s0 + h.idleMs,
          s1 + h.idleMs,
          'expiresAt read again without touch',
        );

        const deadlineOnly = h.sid();
        const deadline = h.now() + h.idleMs;
        await h.create(deadlineOnly, [['a', '1']], h.policy(null, deadline));
        const touchedDeadline = await h.read(deadlineOnly, true);
        h.expectNear(
          touchedDeadline?.expiresAt,
          deadline,
          deadline,
          'expiresAt of a deadline-only record after a touch',
        );
      },
      sleeps,
    );

    suite.test(
      'expiry.touch-no-revive',
      'reads an expired record as null even with touch, and it stays gone',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [['a', '1']]);
        const t1 = h.now();
        await h.waitUntil(t1 + h.idleMs + h.margin);
        expect(await h.read(sid, true), 'read(touch: true) of an expired record').toBeNull();
        expect(await h.read(sid, false), 'read() after that touch').toBeNull();
      },
      sleeps,
    );

    suite.test(
      'expiry.absolute',
      'expires a record at its deadline although touches and updates came just before',
      async (h) => {
        const sid = h.sid();
        const t0 = h.now();
        const deadline = t0 + Math.floor(h.idleMs * 1.5);
        const policy = h.policy(h.idleMs, deadline);
        await h.create(sid, [['a', '1']], policy);
        await h.waitUntil(t0 + Math.floor(h.idleMs / 2));
        const touched = await h.read(sid, true);
        h.expectNear(
          touched?.expiresAt,
          deadline,
          deadline,
          'expiresAt after a touch near the deadline',
        );
        await h.waitUntil(t0 + h.idleMs);
        expect(
          await h.update(sid, { set: [['b', '2']], expiry: policy }),
          'update() before the deadline',
        ).toBe('ok');
        h.expectNear(
          (await h.read(sid))?.expiresAt,
          deadline,
          deadline,
          'expiresAt after an update near the deadline',
        );
        await h.waitUntil(deadline - h.margin);
        expect(
          await h.read(sid, true),
          'read(touch: true) just before the deadline',
        ).not.toBeNull();
        await h.waitUntil(deadline + h.margin);
        expect(await h.read(sid), 'read() just after the deadline').toBeNull();
      },
      sleeps,
    );

    suite.test(
      'expiry.update-policy',
      "applies an update's expiry from its now and slides later touches by the new idle window",
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [['a', '1']], h.policy(h.idleMs * 4));
        const u0 = h.now();
        await h.update(sid, { set: [['b', '2']], expiry: h.policy(h.idleMs) });
        const u1 = h.now();
        h.expectNear(
          (await h.read(sid))?.expiresAt,
          u0 + h.idleMs,
          u1 + h.idleMs,
          'expiresAt after an update to a shorter idle window',
        );
        await h.waitUntil(u0 + Math.floor(h.idleMs / 2));
        const s0 = h.now();
        const touched = await h.read(sid, true);
        const s1 = h.now();
        h.expectNear(
          touched?.expiresAt,
          s0 + h.idleMs,
          s1 + h.idleMs,
          'expiresAt after a touch, by the idle window of the update',
        );
        await h.waitUntil(s1 + h.idleMs + h.margin);
        expect(await h.read(sid), 'read() after the new, shorter idle window').toBeNull();

        const persisted = h.sid();
        await h.create(persisted, [['a', '1']], h.policy(h.idleMs));
        await h.update(persisted, { expiry: h.policy(null, null) });
        const p1 = h.now();
        expect(
          (await h.read(persisted))?.expiresAt,
          'expiresAt after an update to no limits',
        ).toBeNull();
        await h.waitUntil(p1 + h.idleMs + h.margin);
        expect(
          await h.fieldsOf(persisted),
          'the record after its old idle window, now without limits',
        ).toStrictEqual([['a', '1']]);
      },
      sleeps,
    );

    suite.test(
      'expiry.never',
      'keeps a record without idle window or deadline however much time passes',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [['a', '1']], h.policy(null, null));
        expect((await h.read(sid, true))?.expiresAt, 'expiresAt after a touch').toBeNull();
        if (h.mode === 'virtual') await h.waitUntil(h.now() + 10 * 365 * 24 * 3_600_000);
        expect(await h.fieldsOf(sid), 'the record ten years later (virtual clock)').toStrictEqual([
          ['a', '1'],
        ]);
      },
    );
  });
}
