import {
  type Driver,
  type ExpiryPolicy,
  expiresAtOf,
  type StoredRecord,
  type UpdateResult,
} from '@vial/core';
import { ExpiryHeap } from './expiry-heap.js';
import { type MemoryDriverOptions, resolveOptions } from './options.js';
import { packFields, unpackFields } from './record-fields.js';
import { ShapeTable } from './shapes.js';
import { StoredSession } from './stored-session.js';
import { createUserIndex, type MemoryUserIndex } from './user-index.js';

/** Counts of what a memory driver holds, for diagnostics and tests. */
export interface MemoryDriverStats {
  /** Records held, including expired ones whose memory is not reclaimed yet. */
  readonly records: number;
  /** Entries in the expiry schedule: at most one per record that can expire. */
  readonly scheduled: number;
  /** Users with a session index. */
  readonly users: number;
  /** Distinct sets of field names in use, shared between records. */
  readonly shapes: number;
}

/** The memory driver: a {@link Driver} with every optional capability, plus diagnostics. */
export interface MemoryDriver extends Driver {
  readonly userIndex: MemoryUserIndex;
  /** The injected clock's current time (epoch milliseconds). */
  now(): number;
  sids(): AsyncIterable<string>;
  /** Stops the background reclaimer. The driver keeps working; idempotent. */
  close(): Promise<void>;
  /**
   * Frees the memory of every record and user index expired at `now` (epoch
   * milliseconds, default: the driver's clock) and returns how many records
   * were freed. The background timer calls this; call it yourself when the
   * timer is off.
   */
  reclaim(now?: number): number;
  /** What the driver holds right now. */
  stats(): MemoryDriverStats;
}

/** How many expired records a `create` frees on the side, so churn cannot outpace reclaim. */
const RECLAIM_ON_CREATE = 2;

/**
 * An in-process driver: records live in this process's memory, with real
 * idle and absolute expiry. Not shared between processes or workers, and
 * lost on exit: meant for tests, demos and single-process apps.
 */
export function memoryDriver(options?: MemoryDriverOptions): MemoryDriver {
  const { clock, sweepIntervalMs } = resolveOptions(options);
  const records = new Map<string, StoredSession>();
  const schedule = new ExpiryHeap<StoredSession>();
  const shapes = new ShapeTable();
  const userIndex = createUserIndex();

  const forget = (record: StoredSession): void => {
    records.delete(record.sid);
    schedule.remove(record);
    shapes.release(record.shape);
  };

  /** The live record `sid` at `now`, freeing it if it has expired. */
  const liveRecord = (sid: string, now: number): StoredSession | undefined => {
    const record = records.get(sid);
    if (record === undefined || record.isLiveAt(now)) return record;
    forget(record);
    return undefined;
  };

  /** Frees up to `limit` expired records, earliest first. */
  const reclaimRecords = (now: number, limit: number): number => {
    let freed = 0;
    while (freed < limit) {
      const record = schedule.popExpired(now);
      if (record === undefined) break;
      forget(record);
      freed += 1;
    }
    return freed;
  };

  const reclaim = (now: number = clock()): number => {
    userIndex.reclaim(now);
    return reclaimRecords(now, Number.POSITIVE_INFINITY);
  };

  /** Applies `policy` from `now`; frees the record instead when that is already past. */
  const applyExpiry = (record: StoredSession, policy: ExpiryPolicy, now: number): void => {
    record.idleMs = policy.idleMs;
    record.deadline = policy.deadline;
    record.expiresAt = expiresAtOf(policy, now);
    if (record.isLiveAt(now)) schedule.schedule(record);
    else forget(record);
  };

  let timer: NodeJS.Timeout | undefined;
  if (sweepIntervalMs !== false) {
    timer = setInterval(() => {
      try {
        reclaim();
      } catch {
        // A throwing clock must not crash the process from a timer; the next
        // operation that uses the clock reports it to its caller instead.
      }
    }, sweepIntervalMs);
    timer.unref();
  }

  return {
    name: 'memory',
    capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
    userIndex,

    async read(sid, { now, touch }): Promise<StoredRecord | null> {
      const record = liveRecord(sid, now);
      if (record === undefined) return null;
      if (touch) {
        record.expiresAt = expiresAtOf(record, now);
        schedule.schedule(record);
      }
      return {
        fields: unpackFields(record),
        expiresAt: record.expiresAt,
        revision: record.revision,
      };
    },

    async create(sid, { fields, expiry, now }): Promise<boolean> {
      const existing = liveRecord(sid, now);
      if (existing !== undefined) return false;
      const record = new StoredSession(sid, packFields(shapes, fields), 1);
      records.set(sid, record);
      applyExpiry(record, expiry, now);
      reclaimRecords(now, RECLAIM_ON_CREATE);
      return true;
    },

    async update(sid, delta): Promise<UpdateResult> {
      const { now } = delta;
      const record = liveRecord(sid, now);
      if (record === undefined) return 'gone';
      if (delta.ifRevision !== undefined && delta.ifRevision !== record.revision) {
        return 'conflict';
      }
      if (delta.set.size > 0 || delta.del.length > 0) {
        const fields = unpackFields(record);
        for (const name of delta.del) fields.delete(name);
        for (const [name, value] of delta.set) fields.set(name, value);
        const packed = packFields(shapes, fields);
        shapes.release(record.shape);
        record.shape = packed.shape;
        record.values = packed.values;
      }
      record.revision += 1;
      applyExpiry(record, delta.expiry, now);
      return 'ok';
    },

    async destroy(sids) {
      for (const sid of sids) {
        const record = records.get(sid);
        if (record !== undefined) forget(record);
      }
    },

    now: () => clock(),

    sids() {
      // A snapshot, so a sid destroyed and created again mid-iteration is
      // still yielded once; liveness is checked as each one is reached.
      const snapshot = [...records.keys()];
      return (async function* liveSids() {
        for (const sid of snapshot) {
          if (records.get(sid)?.isLiveAt(clock())) yield sid;
        }
      })();
    },

    async close() {
      clearInterval(timer);
      timer = undefined;
    },

    reclaim,

    stats: () => ({
      records: records.size,
      scheduled: schedule.size,
      users: userIndex.users,
      shapes: shapes.size,
    }),
  };
}
