import { expect } from 'vitest';
import { everyOperation, settle } from '../operations.js';
import type { DriverFamily } from '../suite.js';

/** close(): operations in flight finish, later ones are refused with a clear error. */
export const closeClauses: DriverFamily = () => ({
  'close.in-flight: operations called before close() (other than iterations) must finish as if it had not been called, and close() must resolve once they have':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { a: '1' });
      // Not an iteration: its caller may pull from it long after close().
      const inFlight = settle(everyOperation(h, sid, false));
      await h.close();
      const outcomes = await inFlight;
      const refused = Object.entries(outcomes).filter(([, o]) => !('resolved' in o));
      expect(Object.fromEntries(refused), 'operations in flight that rejected').toStrictEqual({});
      expect(outcomes.update, 'update() in flight').toStrictEqual({ resolved: 'ok' });
      expect(outcomes.touch, 'touch() in flight').toStrictEqual({ resolved: true });
    },

  'close.after: every operation called after close() has resolved must reject with DriverClosedError (code VIAL_DRIVER_CLOSED)':
    async (h) => {
      const sid = h.sid();
      await h.create(sid, { a: '1' });
      await h.close();
      const outcomes = await settle(everyOperation(h, sid));
      const refused = { name: 'DriverClosedError', code: 'VIAL_DRIVER_CLOSED' };
      expect(outcomes, 'what each operation answered after close()').toStrictEqual(
        Object.fromEntries(Object.keys(outcomes).map((name) => [name, refused])),
      );
    },
});
