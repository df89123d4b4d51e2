import { describe, expect } from 'vitest';
import type { Suite } from '../suite.js';

/** Creating: only a free sid can be created (collision guard); a dead sid is free again. */
export function createClauses(suite: Suite): void {
  describe('create', () => {
    suite.test('create.new', 'creates a record under a free sid and answers true', async (h) => {
      const sid = h.sid();
      expect(await h.create(sid, [['a', '1']]), 'create() of a free sid').toBe(true);
      expect(await h.fieldsOf(sid), 'fields after create()').toStrictEqual([['a', '1']]);
    });

    suite.test(
      'create.collision-guard',
      'answers false for a live sid and leaves that record, its expiry and revision as they were',
      async (h) => {
        const sid = h.sid();
        await h.create(sid, [['owner', 'first']], h.policy(h.idleMs));
        const before = await h.read(sid);
        const again = await h.create(
          sid,
          [
            ['owner', 'second'],
            ['more', 'x'],
          ],
          h.policy(h.idleMs * 10),
        );
        expect(again, 'create() of a sid that has a live record').toBe(false);
        const after = await h.read(sid);
        expect(after, 'the existing record after the refused create()').not.toBeNull();
        expect([...(after?.fields ?? [])], 'its fields').toStrictEqual([['owner', 'first']]);
        expect(after?.expiresAt, 'its expiresAt').toBe(before?.expiresAt);
        expect(after?.revision, 'its revision').toBe(before?.revision);
      },
    );

    suite.test(
      'create.reuse-dead-sid',
      'creates again under a sid whose record was destroyed or has expired, holding only the new fields',
      async (h) => {
        const destroyed = h.sid();
        await h.create(destroyed, [['old', '1']]);
        await h.driver.destroy([destroyed]);
        expect(await h.create(destroyed, [['new', '2']]), 'create() after destroy()').toBe(true);
        expect(await h.fieldsOf(destroyed), 'fields of the re-created record').toStrictEqual([
          ['new', '2'],
        ]);

        const expired = h.sid();
        await h.create(expired, [['old', '1']]);
        const created = h.now();
        await h.waitUntil(created + h.idleMs + h.margin);
        expect(await h.create(expired, [['new', '2']]), 'create() after expiry').toBe(true);
        expect(await h.fieldsOf(expired), 'fields of the re-created record').toStrictEqual([
          ['new', '2'],
        ]);
      },
      { sleeps: true },
    );
  });
}
