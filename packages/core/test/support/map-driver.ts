import {
  type Driver,
  type ExpiryPolicy,
  expiresAtOf,
  type NewRecord,
  type RecordDelta,
  type StoredRecord,
  type UpdateResult,
} from '../../src/index.js';

interface Entry {
  fields: Map<string, string>;
  policy: ExpiryPolicy;
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
  readonly capabilities = { userIndex: false, iterate: false, conditionalUpdate: true };
  readonly records = new Map<string, Entry>();
  readonly calls: string[] = [];
  /** When set, every call rejects with this error (a storage outage). */
  failWith: Error | null = null;

  constructor(private readonly clock: { now: number }) {}

  now(): number {
    return this.clock.now;
  }

  async read(sid: string, options: { now: number; touch: boolean }): Promise<StoredRecord | null> {
    this.#begin('read');
    const entry = this.#live(sid, options.now);
    if (entry === undefined) return null;
    if (options.touch) entry.expiresAt = expiresAtOf(entry.policy, options.now);
    return { fields: new Map(entry.fields), expiresAt: entry.expiresAt, revision: entry.revision };
  }

  async create(sid: string, record: NewRecord): Promise<boolean> {
    this.#begin('create');
    if (this.#live(sid, record.now) !== undefined) return false;
    this.records.set(sid, {
      fields: new Map(record.fields),
      policy: record.expiry,
      expiresAt: expiresAtOf(record.expiry, record.now),
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
    entry.policy = delta.expiry;
    entry.expiresAt = expiresAtOf(delta.expiry, delta.now);
    entry.revision += 1;
    return 'ok';
  }

  async destroy(sids: readonly string[]): Promise<void> {
    this.#begin('destroy');
    for (const sid of sids) this.records.delete(sid);
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
