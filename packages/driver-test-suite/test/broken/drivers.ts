import type {
  DriverCapabilities,
  NewRecord,
  ReadOptions,
  RecordDelta,
  StoredRecord,
  UpdateResult,
  UserIndex,
} from '@vial/core';
import { expiresAtOf } from '@vial/core';
import { type Entry, ReferenceDriver } from '../reference-driver.js';

// Each class breaks exactly one promise of the contract, the way real drivers
// have been seen to. The suite must name that promise when it fails them.

/** Upserts: an update of a missing record writes it (a plain HSET + PEXPIRE). */
export class ResurrectingDriver extends ReferenceDriver {
  override async update(sid: string, delta: RecordDelta): Promise<UpdateResult> {
    const entry: Entry = this.live(sid, delta.now) ?? {
      fields: new Map(),
      policy: delta.expiry,
      expiresAt: null,
      revision: 0,
    };
    this.records.set(sid, entry);
    return super.update(sid, delta);
  }
}

/** Never expires anything: forgets to judge `expiresAt` against `now`. */
export class ExpiryIgnoringDriver extends ReferenceDriver {
  protected override live(sid: string): Entry | undefined {
    return this.records.get(sid);
  }
}

/**
 * Read-modify-write across an await (GET, change in the process, SET): two
 * concurrent updates each write back their own copy and one loses the other's fields.
 */
export class NonAtomicDriver extends ReferenceDriver {
  override async update(sid: string, delta: RecordDelta): Promise<UpdateResult> {
    const current = await this.read(sid, { now: delta.now, touch: false });
    if (current === null) return 'gone';
    if (delta.ifRevision !== undefined && delta.ifRevision !== current.revision) return 'conflict';
    await new Promise((resolve) => setImmediate(resolve));
    const fields = new Map(current.fields);
    for (const name of delta.del) fields.delete(name);
    for (const [name, value] of delta.set) fields.set(name, value);
    this.records.set(sid, {
      fields,
      policy: delta.expiry,
      expiresAt: expiresAtOf(delta.expiry, delta.now),
      revision: current.revision + 1,
    });
    return 'ok';
  }
}

/** Replaces the record with the delta's fields instead of merging them. */
export class FieldLosingDriver extends ReferenceDriver {
  override async update(sid: string, delta: RecordDelta): Promise<UpdateResult> {
    const result = await super.update(sid, delta);
    const entry = this.records.get(sid);
    if (result === 'ok' && entry !== undefined) {
      for (const name of entry.fields.keys()) if (!delta.set.has(name)) entry.fields.delete(name);
    }
    return result;
  }
}

/** No collision guard: create overwrites a live record (a plain SET without NX). */
export class OverwritingDriver extends ReferenceDriver {
  override async create(sid: string, record: NewRecord): Promise<boolean> {
    this.records.delete(sid);
    return super.create(sid, record);
  }
}

/** Hands out its internal map, so a caller's mutation changes the store. */
export class LeakyDriver extends ReferenceDriver {
  override async read(sid: string, options: ReadOptions): Promise<StoredRecord | null> {
    const record = await super.read(sid, options);
    const entry = this.records.get(sid);
    return record === null || entry === undefined ? null : { ...record, fields: entry.fields };
  }
}

/** Declares iterate but has no sids(), and filters its user index without pruning it. */
export class OverclaimingDriver extends ReferenceDriver {
  override readonly capabilities: DriverCapabilities = {
    userIndex: true,
    iterate: true,
    conditionalUpdate: true,
  };
  override readonly sids = undefined as unknown as () => AsyncIterable<string>;

  protected override makeUserIndex(): UserIndex {
    const users = this.users;
    return {
      async add(userId, sid, expiresAt) {
        const set = users.get(userId) ?? new Map<string, number | null>();
        users.set(userId, set);
        set.set(sid, expiresAt);
      },
      async list(userId, now) {
        const set = users.get(userId) ?? new Map<string, number | null>();
        return [...set]
          .filter(([, expiresAt]) => expiresAt === null || expiresAt > now)
          .map(([sid, expiresAt]) => ({ sid, expiresAt }));
      },
      async remove(userId, sids) {
        for (const sid of sids) users.get(userId)?.delete(sid);
      },
    };
  }
}
