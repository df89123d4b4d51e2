import type { Driver } from '@vial/core';
import { type MemoryDriverOptions, memoryDriver } from '@vial/driver-memory';

/** Counts of the driver operations a request caused. */
export interface Calls {
  read: number;
  create: number;
  update: number;
  touch: number;
  destroy: number;
}

const ALL: ReadonlyArray<keyof Calls> = ['read', 'create', 'update', 'touch', 'destroy'];

/**
 * A memory driver that counts its calls and can be switched off like a dead
 * Redis. Shared by the adapter kit, the tests of `@vial/http` and of every framework adapter.
 */
export function flakyDriver(options: Omit<MemoryDriverOptions, 'sweepIntervalMs'> = {}) {
  const inner = memoryDriver({ ...options, sweepIntervalMs: false });
  return countedDriver(inner, () => inner.now());
}

/**
 * `inner` (any driver, such as a Redis one) with its calls counted and a
 * switch that makes every call fail as a dead server's would.
 */
export function countedDriver(inner: Driver, now = inner.now?.bind(inner)) {
  const calls: Calls = { read: 0, create: 0, update: 0, touch: 0, destroy: 0 };
  const state: { down: ReadonlySet<keyof Calls> } = { down: new Set() };
  const guard =
    <A extends unknown[], R>(name: keyof Calls, op: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      calls[name] += 1;
      if (state.down.has(name)) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      return op(...args);
    };
  const driver: Driver = {
    name: `counted-${inner.name}`,
    ...(inner.capabilities === undefined ? {} : { capabilities: inner.capabilities }),
    ...(inner.userIndex === undefined ? {} : { userIndex: inner.userIndex }),
    ...(now === undefined ? {} : { now }),
    read: guard('read', inner.read.bind(inner)),
    create: guard('create', inner.create.bind(inner)),
    update: guard('update', inner.update.bind(inner)),
    touch: guard('touch', inner.touch.bind(inner)),
    destroy: guard('destroy', inner.destroy.bind(inner)),
  };
  return {
    driver,
    calls,
    total: () => calls.read + calls.create + calls.update + calls.touch + calls.destroy,
    reset: () => Object.assign(calls, { read: 0, create: 0, update: 0, touch: 0, destroy: 0 }),
    /** Makes every call fail (`true`), none (`false`), or only the operations named (a write-only outage). */
    setDown: (down: boolean, only: ReadonlyArray<keyof Calls> = ALL) => {
      state.down = new Set(down ? only : []);
    },
  };
}
