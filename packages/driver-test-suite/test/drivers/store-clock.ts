import { setImmediate as hop } from 'node:timers/promises';
import type { Driver } from '@vial/core';

/**
 * A driver as a networked store with its own clock behaves (Redis): each call
 * runs a macrotask after it is made, and writes are judged by the wall clock
 * at that moment, not by the `now` they were given. Reads keep their `now`,
 * as Redis scripts compare a record's expiry with it. For the real-clock runs.
 */
export function storeClock(inner: Driver): Driver {
  const later = async <T>(call: () => Promise<T>): Promise<T> => {
    await hop();
    return call();
  };
  return {
    ...inner,
    name: `${inner.name} (store clock)`,
    read: (sid, options) => later(() => inner.read(sid, options)),
    create: (sid, record) => later(() => inner.create(sid, { ...record, now: Date.now() })),
    update: (sid, delta) => later(() => inner.update(sid, { ...delta, now: Date.now() })),
    touch: (sid, touch) => later(() => inner.touch(sid, { ...touch, now: Date.now() })),
    destroy: (sids) => later(() => inner.destroy(sids)),
  };
}
