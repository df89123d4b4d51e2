import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Driver, ExpiryPolicy, StoredRecord, UpdateResult } from '@vial/core';
import { expect } from 'vitest';
import type { DescribeDriverOptions } from './options.js';

/** Fields as a test writes them: a plain list of pairs, so '__proto__' is an ordinary name. */
export type Fields = ReadonlyMap<string, string> | readonly (readonly [string, string])[];

/** A change as a test writes it; omitted parts are empty or the default policy. */
export interface DeltaInput {
  readonly set?: Fields;
  readonly del?: readonly string[];
  readonly expiry?: ExpiryPolicy;
  readonly ifRevision?: number;
}

/**
 * One test's view of a fresh driver and of time. Tests are written once for
 * both clock modes: they compute instants from `now()` and `idleMs`, and wait
 * for them with `waitUntil`, which moves the virtual clock or sleeps.
 */
export interface Harness {
  readonly driver: Driver;
  readonly mode: 'virtual' | 'real';
  /** The current time (epoch ms) of the suite's clock; passed as `now` to every operation. */
  now(): number;
  /** Moves the virtual clock to `at` (epoch ms), or sleeps until the wall clock passes it. */
  waitUntil(at: number): Promise<void>;
  /** A short idle window (ms): 60 s on the virtual clock, 400 ms on the real one. */
  readonly idleMs: number;
  /**
   * How far (ms) from an expiry instant a check must stay to be safely before
   * or after it: 1 ms on the virtual clock, 100 ms on the real one (latency
   * and timer jitter of a loaded machine).
   */
  readonly margin: number;
  /** How far (ms) a reported `expiresAt` may be from the expected one: 0 virtual, 50 real. */
  readonly tolerance: number;
  /**
   * Asserts that `actual` (an `expiresAt`) lies within `[low, high]` widened
   * by `tolerance`; `low` and `high` bracket an operation's start and end.
   */
  expectNear(actual: number | null | undefined, low: number, high: number, label: string): void;
  /** A new random sid in vial's format: 22 base64url characters. */
  sid(): string;
  /** The policy `{ idleMs, deadline }`, with this harness's `idleMs` and no deadline by default. */
  policy(idleMs?: number | null, deadline?: number | null): ExpiryPolicy;
  create(sid: string, fields: Fields, expiry?: ExpiryPolicy): Promise<boolean>;
  update(sid: string, delta: DeltaInput): Promise<UpdateResult>;
  read(sid: string, touch?: boolean): Promise<StoredRecord | null>;
  /** The record's fields as sorted `[name, value]` pairs (stable diffs), or `null` when absent. */
  fieldsOf(sid: string): Promise<(readonly [string, string])[] | null>;
}

/** Sorted `[name, value]` pairs of a field map, for order-free comparisons. */
export function sortedPairs(fields: Fields): (readonly [string, string])[] {
  return [...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Creates a fresh driver and the matching clock for one test. */
export async function openHarness(options: DescribeDriverOptions): Promise<Harness> {
  const virtual = options.clock === 'virtual';
  let virtualNow = Date.now();
  const now = virtual ? () => virtualNow : () => Date.now();
  const driver = await options.createDriver({ clock: now });
  const defaultIdle = virtual ? 60_000 : 400;
  // idleMs / 2 >= 2 * margin lets a test touch half-way and still tell the old expiry from the new.

  const harness: Harness = {
    driver,
    mode: options.clock,
    now,
    async waitUntil(at) {
      if (virtual) {
        virtualNow = Math.max(virtualNow, at);
        return;
      }
      const wait = at - Date.now();
      if (wait > 0) await sleep(wait + 1);
    },
    idleMs: defaultIdle,
    margin: virtual ? 1 : 100,
    tolerance: virtual ? 0 : 50,
    expectNear(actual, low, high, label) {
      expect(actual, label).toBeTypeOf('number');
      const value = actual ?? Number.NaN;
      const tolerance = virtual ? 0 : 50;
      expect(value, `${label} (ms since the epoch)`).toBeGreaterThanOrEqual(low - tolerance);
      expect(value, `${label} (ms since the epoch)`).toBeLessThanOrEqual(high + tolerance);
    },
    sid: () => randomBytes(16).toString('base64url'),
    policy: (idleMs = defaultIdle, deadline = null) => ({ idleMs, deadline }),
    create: (sid, fields, expiry = harness.policy()) =>
      driver.create(sid, { fields: new Map(fields), expiry, now: now() }),
    update: (sid, delta) =>
      driver.update(sid, {
        set: new Map(delta.set ?? []),
        del: [...(delta.del ?? [])],
        expiry: delta.expiry ?? harness.policy(),
        now: now(),
        ...(delta.ifRevision === undefined ? {} : { ifRevision: delta.ifRevision }),
      }),
    read: (sid, touch = false) => driver.read(sid, { now: now(), touch }),
    async fieldsOf(sid) {
      const record = await harness.read(sid);
      return record === null ? null : sortedPairs(record.fields);
    },
  };
  return harness;
}
