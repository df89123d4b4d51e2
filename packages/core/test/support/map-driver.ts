import { type MapRecord, mapDriver } from '../../../driver-test-suite/test/drivers/map-driver.js';
import type {
  Driver,
  NewRecord,
  RecordDelta,
  StoredRecord,
  Touch,
  UpdateResult,
} from '../../src/index.js';
import { CorruptRecordError } from '../../src/index.js';

/**
 * The map driver of docs/custom-driver.md (the one the driver test suite
 * runs), instrumented for core's tests: it records every call so tests can
 * count I/O, fails on demand like a lost connection, and reads chosen sids as
 * unreadable. Without a user index, so core's tests of that case can use it.
 */
export class MapDriver implements Driver {
  readonly name = 'map';
  readonly capabilities = { conditionalUpdate: true };
  readonly records = new Map<string, MapRecord>();
  readonly calls: string[] = [];
  /** When set, every call rejects with this error (a storage outage). */
  failWith: Error | null = null;
  /** Sids whose stored data cannot be parsed: `read` throws `CorruptRecordError` for them. */
  readonly unreadable = new Set<string>();
  readonly #inner: Driver;

  constructor(private readonly clock: { now: number }) {
    this.#inner = mapDriver({ clock: () => clock.now, records: this.records });
  }

  now(): number {
    return this.clock.now;
  }

  async read(sid: string, options: { now: number }): Promise<StoredRecord | null> {
    this.#begin('read');
    if (this.unreadable.has(sid)) throw new CorruptRecordError('a truncated record');
    return this.#inner.read(sid, options);
  }

  async create(sid: string, record: NewRecord): Promise<boolean> {
    this.#begin('create');
    return this.#inner.create(sid, record);
  }

  async update(sid: string, delta: RecordDelta): Promise<UpdateResult> {
    this.#begin('update');
    return this.#inner.update(sid, delta);
  }

  async touch(sid: string, touch: Touch): Promise<boolean> {
    this.#begin('touch');
    return this.#inner.touch(sid, touch);
  }

  async destroy(sids: readonly string[]): Promise<number> {
    this.#begin('destroy');
    return this.#inner.destroy(sids);
  }

  #begin(call: string): void {
    this.calls.push(call);
    if (this.failWith) throw this.failWith;
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
