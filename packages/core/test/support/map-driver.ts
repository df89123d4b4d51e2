import type {
  Driver,
  NewRecord,
  RecordDelta,
  StoredRecord,
  Touch,
  UpdateResult,
} from '../../src/index.js';
import { CorruptRecordError } from '../../src/index.js';

interface Entry {
  fields: Map<string, string>;
  expiresAt: number | null;
  revision: number;
}

/**
 * A small, complete in-process driver for core's own tests (core cannot
 * depend on @vial/driver-memory, which depends on core). It judges expiry by
 * the `now` core passes and records every call so tests can count I/O.
 */
export class MapDriver implements Driver {
  readonly name = 'map';
  readonly capabilities = { conditionalUpdate: true };
  readonly records = new Map<string, Entry>();
  readonly calls: string[] = [];
  /** When set, every call rejects with this error (a storage outage). */
  failWith: Error | null = null;
  /** Sids whose stored data cannot be parsed: `read` throws `CorruptRecordError` for them. */
  readonly unreadable = new Set<string>();

  constructor(private readonly clock: { now: number }) {}

  now(): number {
    return this.clock.now;
  }

  async read(sid: string, options: { now: number }): Promise<StoredRecord | null> {
    this.#begin('read');
    if (this.unreadable.has(sid)) throw new CorruptRecordError('a truncated record');
    const entry = this.#live(sid, options.now);
    if (entry === undefined) return null;
    return { fields: new Map(entry.fields), expiresAt: entry.expiresAt, revision: entry.revision };
  }

  async create(sid: string, record: NewRecord): Promise<boolean> {
    this.#begin('create');
    if (this.#live(sid, record.now) !== undefined) return false;
    this.records.set(sid, {
      fields: new Map(record.fields),
      expiresAt: record.expiresAt,
      revision: 1,
    });
    return true;
  }

  async update(sid: string, delta: RecordDelta): Promise<UpdateResult> {
    this.#begin('update');
    const entry = this.#live(sid, delta.now);
    if (entry === undefined) return 'gone';
    if (delta.ifRevision !== undefined && delta.ifRevision !== entry.revision) return 'conflict';
    for (const [field, value] of delta.set) entry.fields.set(field, value);
    for (const field of delta.del) entry.fields.delete(field);
    if (delta.expiresAt !== undefined) entry.expiresAt = delta.expiresAt;
    entry.revision += 1;
    return 'ok';
  }

  async touch(sid: string, touch: Touch): Promise<boolean> {
    this.#begin('touch');
    const entry = this.#live(sid, touch.now);
    if (entry === undefined) return false;
    entry.expiresAt = touch.expiresAt;
    return true;
  }

  async destroy(sids: readonly string[]): Promise<number> {
    this.#begin('destroy');
    let live = 0;
    for (const sid of sids) {
      if (this.#live(sid, this.clock.now) !== undefined) live += 1;
      this.records.delete(sid);
    }
    return live;
  }

  #begin(call: string): void {
    this.calls.push(call);
    if (this.failWith) throw this.failWith;
  }

  #live(sid: string, now: number): Entry | undefined {
    const entry = this.records.get(sid);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= now) {
      this.records.delete(sid);
      return undefined;
    }
    return entry;
  }
}

/** A fresh driver with a controllable clock, and a Vial-ready setup. */
export function mapDriverWithClock(start = Date.UTC(2026, 10, 26, 12)): {
  driver: MapDriver;
  clock: { now: number };
} {
  const clock = { now: start };
  return { driver: new MapDriver(clock), clock };
}
