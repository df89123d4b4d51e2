import { type Driver, DriverClosedError, type UserIndex } from '@vial/core';
import { type MemoryDriverOptions, resolveOptions, SWEEP_BATCH } from './options.js';
import { pack, recordBytes, unpack } from './record-codec.js';
import { expired, sweeper } from './sweeper.js';
import { createUserIndex, type UserSessions } from './user-index.js';

/** The memory driver: a {@link Driver} with every optional member, plus {@link MemoryDriver.stats}. */
export interface MemoryDriver extends Driver {
  readonly userIndex: UserIndex;
  /** The injected clock's current time (epoch milliseconds). */
  now(): number;
  sids(): AsyncIterable<string>;
  /** Stops the background reclaimer; every later call rejects with `DriverClosedError`. Idempotent. */
  close(): Promise<void>;
  /** How many records and user indexes the driver holds, expired ones not reclaimed yet included. */
  stats(): { records: number; users: number };
}

/** A record as held; `fields` packed by `record-codec` (one flat string). */
interface Entry {
  fields: string;
  expiresAt: number | null;
  revision: number;
}

/** How many entries each create (and each user-index add) sweeps on the side, so churn cannot outgrow reclaim. */
const SWEEP_ON_WRITE = 2;

/**
 * An in-process driver: records live in this process's memory and expire on
 * time. Not shared between processes or workers, and lost on exit: meant for
 * tests, demos and single-process apps.
 */
export function memoryDriver(options?: MemoryDriverOptions): MemoryDriver {
  const { clock, sweepIntervalMs } = resolveOptions(options);
  const records = new Map<string, Entry>();
  const users = new Map<string, UserSessions>();
  // Reclaim by a cursor over insertion order (no per-record index to keep): each
  // write sweeps 2 entries and each tick 1,000, so memory stays near twice the live records.
  const sweepRecords = sweeper(records, (entry) => entry.expiresAt);
  const sweepUsers = sweeper(users, (entries) => entries.latest);
  let closed = false;

  const guard = (operation: string): void => {
    if (closed) throw new DriverClosedError('memory', operation);
  };

  /** The live record `sid` at `now`; an expired one is deleted on the way (lazy expiry). */
  const live = (sid: string, now: number): Entry | undefined => {
    const entry = records.get(sid);
    if (entry === undefined || !expired(entry.expiresAt, now)) return entry;
    records.delete(sid);
    return undefined;
  };

  const sweep = (now: number, count: number): void => {
    sweepRecords(now, count);
    sweepUsers(now, count);
  };
  const tick = (): void => {
    try {
      sweep(clock(), SWEEP_BATCH);
    } catch {} // a throwing clock must not crash the process from a timer; the next call reports it
  };
  const timer = sweepIntervalMs === false ? undefined : setInterval(tick, sweepIntervalMs).unref();

  return {
    name: 'memory',
    capabilities: { conditionalUpdate: true, recordLimit: true },
    userIndex: createUserIndex(users, guard, (now) => sweep(now, SWEEP_ON_WRITE)),

    async read(sid, { now }) {
      guard('read');
      const entry = live(sid, now);
      if (entry === undefined) return null;
      return { fields: unpack(entry.fields), expiresAt: entry.expiresAt, revision: entry.revision };
    },

    async create(sid, { fields, expiresAt, now }) {
      guard('create');
      if (live(sid, now) !== undefined) return false;
      records.set(sid, { fields: pack(fields), expiresAt, revision: 1 });
      sweep(now, SWEEP_ON_WRITE);
      return true;
    },

    async update(sid, delta) {
      guard('update');
      const entry = live(sid, delta.now);
      if (entry === undefined) return 'gone';
      if (delta.ifRevision !== undefined && delta.ifRevision !== entry.revision) return 'conflict';
      const fields = unpack(entry.fields);
      for (const name of delta.del) fields.delete(name);
      for (const [name, value] of delta.set) fields.set(name, value);
      // Only growth is refused: a record already over the limit can always be made smaller.
      const max = delta.maxBytes;
      if (max !== undefined) {
        const after = recordBytes(fields, max);
        if (after > max && after > recordBytes(unpack(entry.fields), max)) return 'tooLarge';
      }
      entry.fields = pack(fields);
      if (delta.expiresAt !== undefined) entry.expiresAt = delta.expiresAt;
      entry.revision += 1;
      return 'ok';
    },

    async touch(sid, { expiresAt, now }) {
      guard('touch');
      const entry = live(sid, now);
      if (entry === undefined) return false;
      entry.expiresAt = expiresAt;
      return true;
    },

    async destroy(sids) {
      guard('destroy');
      const now = clock();
      let removed = 0;
      for (const sid of sids) {
        if (live(sid, now) !== undefined) removed += 1;
        records.delete(sid);
      }
      return removed;
    },

    now: () => clock(),

    async *sids() {
      guard('sids');
      // A snapshot, so a sid destroyed and created again mid-iteration is
      // yielded once; liveness is checked as each one is reached.
      for (const sid of [...records.keys()]) {
        if (live(sid, clock()) !== undefined) yield sid;
      }
    },

    async close() {
      closed = true;
      clearInterval(timer);
    },

    stats: () => ({ records: records.size, users: users.size }),
  };
}
