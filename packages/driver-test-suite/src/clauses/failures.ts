import { VialError } from '@vial/core';
import { expect } from 'vitest';
import { everyOperation, settle } from '../operations.js';
import type { DriverFamily } from '../suite.js';

/** Storage failures propagate; unreadable records are reported as such. Each needs its hook. */
export const failureClauses: DriverFamily = ({ options: { breakStorage, corruptRecord } }) => ({
  ...(breakStorage && {
    "failure.storage: with its storage failing, every operation must reject with the storage's own error, not a VialError (core turns it into StorageUnavailableError), and never answer as if the record were absent":
      async (h) => {
        const sid = h.sid();
        await h.create(sid, { a: '1' });
        await breakStorage(h.driver);
        const verdicts: Record<string, string> = {};
        for (const [name, op] of Object.entries(everyOperation(h, sid))) {
          verdicts[name] = await op().then(
            (value) => `resolved ${JSON.stringify(value)}`,
            (e: unknown) =>
              e instanceof VialError ? `rejected with the VialError ${e.code}` : 'rejected',
          );
        }
        const expected = Object.fromEntries(
          Object.keys(verdicts).map((name) => [name, 'rejected']),
        );
        expect(verdicts, 'what each operation answered with its storage failing').toStrictEqual(
          expected,
        );
      },
  }),

  ...(corruptRecord && {
    'failure.corrupt-record: read() of a sid whose stored data cannot be a record must reject with CorruptRecordError (code VIAL_CORRUPT_RECORD), and other records must read as before':
      async (h) => {
        const [good, bad] = [h.sid(), h.sid()];
        await h.create(good, { a: '1' });
        await corruptRecord(h.driver, bad);
        const { read } = await settle({ read: () => h.read(bad) });
        expect(read, 'what read() of the unreadable record answered').toStrictEqual({
          name: 'CorruptRecordError',
          code: 'VIAL_CORRUPT_RECORD',
        });
        await h.expectFields(good, { a: '1' }, 'another record');
      },
  }),
});
