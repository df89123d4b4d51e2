import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoredRecord, UpdateResult } from '@vial/core';
import { expect } from 'vitest';
import type { DescribeDriverOptions } from './options.js';

/** Fields as a test writes them: an object, or pairs for names such as '__proto__'. */
export type Fields = Readonly<Record<string, string>> | Iterable<readonly [string, string]>;

/** A change as a test writes it; omitted parts are empty, or absent. */
export interface DeltaInput {
  readonly set?: Fields;
  readonly del?: readonly string[];
  readonly expiresAt?: number | null;
  readonly ifRevision?: number;
  readonly basis?: unknown;
  readonly maxBytes?: number;
}

/**
 * Thrown on the real clock when the machine stalled past an instant a test
 * depends on: the test runs again on a new driver with windows twice as long.
 */
class Stalled extends Error {}

/** On the real clock: how long (ms) records live that a test lets expire, on its first run. */
const REAL_SHORT_MS = 400;
/** How far (ms) the store's clock may be ahead of this process's: same host, same clock. */
const STORE_SKEW_MS = 20;

/** Sorted `[name, value]` pairs, for order-free comparisons. */
export function pairs(fields: Fields): [string, string][] {
  const list = Symbol.iterator in fields ? [...fields] : Object.entries(fields);
  return list.map(([k, v]): [string, string] => [k, v]).sort(([a], [b]) => (a < b ? -1 : +(a > b)));
}

/** A record as tests compare it: sorted fields, expiry and revision; or `null`. */
export function stateOf(record: StoredRecord | null) {
  if (record === null) return null;
  return { fields: pairs(record.fields), expiresAt: record.expiresAt, revision: record.revision };
}

/** One test's driver and time: see {@link openHarness}. */
export type Harness = Awaited<ReturnType<typeof openHarness>>;

/**
 * A fresh driver and its clock for one run of a test. Tests are written once
 * for both clocks: they compute instants from `now()` and `short`, run what
 * must happen before an expiry through `before()`, and wait with `after()`.
 */
export async function openHarness(options: DescribeDriverOptions, short: number) {
  const virtual = options.clock === 'virtual';
  let virtualNow = Date.now();
  const now = virtual ? () => virtualNow : Date.now;
  const driver = await options.createDriver({ clock: now });
  let closed = false;
  // The longest a write took: a store that counts a TTL from when a write ran may keep a record that much longer.
  let slowestWrite = 0;
  const timed = async <T>(write: () => Promise<T>): Promise<T> => {
    const start = Date.now();
    try {
      return await write();
    } finally {
      slowestWrite = Math.max(slowestWrite, Date.now() - start);
    }
  };
  const at = async (t: number): Promise<void> => {
    if (virtual) virtualNow = Math.max(virtualNow, t);
    else if (t > Date.now()) await sleep(t - Date.now());
  };
  const long = () => now() + 3_600_000;
  const read = (sid: string) => driver.read(sid, { now: now() });
  return {
    driver,
    virtual,
    /** How long (ms) records live that a test lets expire: 60 s virtual, 400 ms real (doubled on each re-run). */
    short,
    /** The suite's clock (epoch ms): the `now` of every operation. */
    now,
    /** An expiry no test reaches: an hour from now. */
    long,
    /** A new random sid in vial's format: 22 base64url characters. */
    sid: () => randomBytes(16).toString('base64url'),
    create: (sid: string, fields: Fields, expiresAt: number | null = long()): Promise<boolean> =>
      timed(() => driver.create(sid, { fields: new Map(pairs(fields)), expiresAt, now: now() })),
    update: (sid: string, { set = [], del = [], ...rest }: DeltaInput): Promise<UpdateResult> =>
      timed(() => driver.update(sid, { set: new Map(pairs(set)), del, ...rest, now: now() })),
    touch: (sid: string, expiresAt: number | null): Promise<boolean> =>
      timed(() => driver.touch(sid, { expiresAt, now: now() })),
    destroy: (sids: readonly string[]): Promise<number> => timed(() => driver.destroy(sids)),
    read,
    state: async (sid: string) => stateOf(await read(sid)),
    /** Asserts the record's fields, or that it is absent (`null`). */
    async expectFields(sid: string, expected: Fields | null, label: string): Promise<void> {
      const record = await read(sid);
      const actual = record && pairs(record.fields);
      expect(actual, label).toStrictEqual(expected && pairs(expected));
    },
    /** Moves the virtual clock to `t` (epoch ms), or sleeps until then. */
    at,
    /** Runs `op`, which must happen before `t`; on the real clock a stall past `t` re-runs the test. */
    async before<T>(t: number, op: () => Promise<T>): Promise<T> {
      if (virtual)
        expect(now(), 'the test itself: an operation due before an expiry').toBeLessThan(t);
      const result = await op();
      if (!virtual && Date.now() + STORE_SKEW_MS >= t) {
        throw new Stalled(`an operation due before ${t} ended at ${Date.now()}`);
      }
      return result;
    },
    /** Waits until records that expire at `t` have expired in the store, whatever its clock. */
    after: (t: number) => at(virtual ? t + 1 : t + slowestWrite + STORE_SKEW_MS),
    /** Closes the driver; the suite then does not close it again. */
    async close(): Promise<void> {
      closed = true;
      await driver.close?.();
    },
    get closed() {
      return closed;
    },
  };
}

/** Runs of a real-clock test whose timing a stalled machine broke, each with windows twice as long. */
const REAL_RUNS = 4;

/**
 * Runs one clause's body on a fresh driver, and closes it after. On the real
 * clock, a run that a stall made {@link Stalled} is repeated with windows
 * twice as long.
 */
export async function withHarness(
  options: DescribeDriverOptions,
  body: (h: Harness) => Promise<void>,
): Promise<void> {
  for (let run = 0; ; run++) {
    const short = options.clock === 'virtual' ? 60_000 : REAL_SHORT_MS * 2 ** run;
    const h = await openHarness(options, short);
    try {
      return await body(h);
    } catch (error) {
      if (!(error instanceof Stalled)) throw error;
      if (run === REAL_RUNS - 1) {
        throw new Error(
          `the machine (or the driver) stalled in ${REAL_RUNS} runs: ${error.message}, although it had ${short} ms; the real-clock mode needs operations that finish well within that`,
        );
      }
    } finally {
      if (!h.closed) await h.driver.close?.();
    }
  }
}
