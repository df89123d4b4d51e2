import { type MemoryDriver, type MemoryDriverOptions, memoryDriver } from '../src/index.js';

/** A clock the test moves by hand, starting at a fixed epoch time (ms). */
export interface FakeClock {
  (): number;
  advance(ms: number): void;
}

export function fakeClock(start = 1_800_000_000_000): FakeClock {
  let now = start;
  const clock = (() => now) as FakeClock;
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

/** A driver on a fake clock with the background timer off, unless options say otherwise. */
export function testDriver(options: MemoryDriverOptions = {}): {
  driver: MemoryDriver;
  clock: FakeClock;
} {
  const clock = fakeClock();
  const driver = memoryDriver({ clock, sweepIntervalMs: false, ...options });
  return { driver, clock };
}

export const fields = (entries: Record<string, string>): Map<string, string> =>
  new Map(Object.entries(entries));

/** The fields of a record read at `now`, as a plain object (`null` when absent). */
export async function read(
  driver: MemoryDriver,
  sid: string,
  now: number,
): Promise<Record<string, string> | null> {
  const record = await driver.read(sid, { now });
  return record === null ? null : Object.fromEntries(record.fields);
}

export const MINUTE = 60_000;
