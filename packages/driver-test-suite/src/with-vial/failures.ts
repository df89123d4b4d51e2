import { type CorruptRecordEvent, StorageUnavailableError, VialError } from '@vial/core';
import { expect } from 'vitest';
import { settle } from '../operations.js';
import type { VialFamily } from './context.js';

/** What a user of Vial sees of an error: its class, status and what caused it. */
function seen(error: unknown) {
  if (!(error instanceof VialError)) return { error: String(error) };
  const { cause } = error;
  const origin = cause instanceof VialError ? cause.name : (cause as { code?: unknown })?.code;
  return {
    error: error.name,
    status: (error as { status?: unknown }).status,
    cause: origin ?? (cause as Error | undefined)?.name,
  };
}

/** Storage outages and unreadable records, as a user of Vial meets them (each needs its hook). */
export const vialFailureClauses: VialFamily = ({ options: { breakStorage, corruptRecord } }) => ({
  ...(breakStorage && {
    "vial.storage-failure: when the storage fails, vial.load() and session.save() must reject with StorageUnavailableError (status 503) whose cause is the driver's own error":
      async ({ vial, driver, now }) => {
        const s = vial.session();
        await s.save();
        const pending = vial.session().set('cart', ['tea']);
        await breakStorage(driver);
        const { read } = await settle({ read: () => driver.read(s.sid as string, { now: now() }) });
        const own = read && 'name' in read ? (read.code ?? read.name) : 'resolved';
        const load = await vial.load(s.id).then(() => 'resolved, as if the storage worked', seen);
        const save = await pending.save().then(() => 'resolved, as if the storage worked', seen);
        const expected = { error: StorageUnavailableError.name, status: 503, cause: own };
        const label = `what the user sees (the driver's own read rejects with ${String(own)})`;
        expect({ load, save }, label).toStrictEqual({ load: expected, save: expected });
      },
  }),

  ...(corruptRecord && {
    'vial.corrupt-record: a load of a token whose record cannot be read must give a new session, report its sid through onCorruptRecord and write nothing to it':
      async ({ withOptions, driver, calls, now }) => {
        const events: CorruptRecordEvent[] = [];
        const vial = withOptions({ onCorruptRecord: (event) => events.push(event) });
        const s = vial.session().set('cart', ['tea']);
        await s.save();
        const sid = s.sid as string;
        await corruptRecord(driver, sid);
        calls.length = 0;
        expect((await vial.load(s.id)).isNew, 'the session loaded').toBe(true);
        expect(calls, 'driver calls of that load').toStrictEqual(['read']);
        expect(
          events.map((e) => e.sid),
          'sids reported to onCorruptRecord',
        ).toStrictEqual([sid]);
        const { read } = await settle({ read: () => driver.read(sid, { now: now() }) });
        const unreadable = { name: 'CorruptRecordError', code: 'VIAL_CORRUPT_RECORD' };
        expect(read, 'read() of it afterwards: still unreadable, not rewritten').toEqual(
          unreadable,
        );
      },
  }),
});
