import {
  type Driver,
  type DriverCapabilities,
  type ExpiryPolicy,
  expiresAtOf,
  type NewRecord,
  type ReadOptions,
  type RecordDelta,
  type StoredRecord,
  type UpdateResult,
  type UserIndex,
  type UserIndexEntry,
} from '@vial/core';

/** One stored record of the reference driver. */
export interface Entry {
  fields: Map<string, string>;
  policy: ExpiryPolicy;
  expiresAt: number | null;
  revision: number;
}

const everything: DriverCapabilities = { userIndex: true, iterate: true, conditionalUpdate: true };

/**
 * A small, correct in-memory driver: the suite's own yardstick. Expiry is
 * judged by the `now` each call passes (and by `clock` for `sids()`). Every
 * method body runs without an `await`, so each is atomic on the event loop.
 * Broken drivers in ./broken extend it and override one behaviour.
 */
export class ReferenceDriver implements Driver {
  readonly name: string = 'reference';
  readonly capabilities: DriverCapabilities = everything;
  readonly userIndex: UserIndex | undefined;
  protected readonly records = new Map<string, Entry>();
  protected readonly users = new Map<string, Map<string, number | null>>();

  constructor(protected readonly clock: () => number) {
    this.userIndex = this.makeUserIndex();
  }

  now(): number {
    return this.clock();
  }

  /** The live entry of `sid` at `now`, dropping it when it has expired. */
  protected live(sid: string, now: number): Entry | undefined {
    const entry = this.records.get(sid);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= now) {
      this.records.delete(sid);
      return undefined;
    }
    return entry;
  }

  async read(sid: string, { now, touch }: ReadOptions): Promise<StoredRecord | null> {
    const entry = this.live(sid, now);
    if (entry === undefined) return null;
    if (touch) entry.expiresAt = expiresAtOf(entry.policy, now);
    return { fields: new Map(entry.fields), expiresAt: entry.expiresAt, revision: entry.revision };
  }

  async create(sid: string, record: NewRecord): Promise<boolean> {
    if (this.live(sid, record.now) !== undefined) return false;
    this.records.set(sid, {
      fields: new Map(record.fields),
      policy: record.expiry,
      expiresAt: expiresAtOf(record.expiry, record.now),
      revision: 1,
    });
    return true;
  }

  async update(sid: string, delta: RecordDelta): Promise<UpdateResult> {
    const entry = this.live(sid, delta.now);
    if (entry === undefined) return 'gone';
    if (delta.ifRevision !== undefined && delta.ifRevision !== entry.revision) return 'conflict';
    for (const name of delta.del) entry.fields.delete(name);
    for (const [name, value] of delta.set) entry.fields.set(name, value);
    entry.policy = delta.expiry;
    entry.expiresAt = expiresAtOf(delta.expiry, delta.now);
    entry.revision += 1;
    return 'ok';
  }

  async destroy(sids: readonly string[]): Promise<void> {
    for (const sid of sids) this.records.delete(sid);
  }

  async *sids(): AsyncIterable<string> {
    const now = this.clock();
    for (const sid of [...this.records.keys()]) {
      if (this.live(sid, now) !== undefined) yield sid;
    }
  }

  protected makeUserIndex(): UserIndex {
    const users = this.users;
    return {
      async add(userId, sid, expiresAt) {
        const set = users.get(userId) ?? new Map<string, number | null>();
        users.set(userId, set);
        set.set(sid, expiresAt);
      },
      async list(userId, now) {
        const set = users.get(userId);
        if (set === undefined) return [];
        const out: UserIndexEntry[] = [];
        for (const [sid, expiresAt] of set) {
          if (expiresAt !== null && expiresAt <= now) set.delete(sid);
          else out.push({ sid, expiresAt });
        }
        if (set.size === 0) users.delete(userId);
        return out;
      },
      async remove(userId, sids) {
        const set = users.get(userId);
        for (const sid of sids) set?.delete(sid);
      },
    };
  }
}
