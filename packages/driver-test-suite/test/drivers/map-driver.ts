import type { Driver, UserIndex } from '@vial/core';

/** One record as the map driver keeps it. */
export interface MapRecord {
  fields: Map<string, string>;
  /** Epoch milliseconds, or `null` for never. */
  expiresAt: number | null;
  revision: number;
}

/** Options of {@link mapDriver}. */
export interface MapDriverOptions {
  /** The clock (epoch ms) of the two calls that get no `now`: `destroy()` and `sids()`. Default `Date.now`. */
  readonly clock?: () => number;
  /** The map to keep records in, for tests that look inside. Default: a new one. */
  readonly records?: Map<string, MapRecord>;
}

/**
 * A vial driver over a Map in this process. No method awaits anything, so
 * each one runs as one synchronous step: atomic, as the contract asks.
 */
export function mapDriver(options: MapDriverOptions = {}): Driver {
  const { clock = Date.now, records = new Map<string, MapRecord>() } = options;
  const users = new Map<string, Map<string, number | null>>();

  /** The record of `sid` if it is live at `now`; an expired one is dropped on the way. */
  const live = (sid: string, now: number): MapRecord | undefined => {
    const record = records.get(sid);
    if (record?.expiresAt != null && record.expiresAt <= now) {
      records.delete(sid);
      return undefined;
    }
    return record;
  };

  /** Removes a user's index entries that expired at or before `now`. */
  const prune = (entries: Map<string, number | null>, now: number): void => {
    for (const [sid, expiresAt] of entries) {
      if (expiresAt !== null && expiresAt <= now) entries.delete(sid);
    }
  };

  const userIndex: UserIndex = {
    async add(userId, sid, expiresAt, now) {
      const entries = users.get(userId) ?? new Map<string, number | null>();
      users.set(userId, entries);
      prune(entries, now); // add prunes too: the index stays bounded even if never listed
      entries.set(sid, expiresAt);
    },
    async list(userId, now) {
      const entries = users.get(userId);
      if (entries === undefined) return [];
      prune(entries, now);
      if (entries.size === 0) users.delete(userId);
      return [...entries].map(([sid, expiresAt]) => ({ sid, expiresAt }));
    },
    async remove(userId, sids) {
      const entries = users.get(userId);
      for (const sid of sids) entries?.delete(sid);
    },
  };

  return {
    name: 'map',
    capabilities: { conditionalUpdate: true },
    now: () => clock(),
    userIndex,

    async read(sid, { now }) {
      const record = live(sid, now);
      if (record === undefined) return null;
      // A copy: the caller may change what it gets. Reading never writes.
      const { fields, expiresAt, revision } = record;
      return { fields: new Map(fields), expiresAt, revision };
    },

    async create(sid, { fields, expiresAt, now }) {
      if (live(sid, now) !== undefined) return false; // the collision guard
      records.set(sid, { fields: new Map(fields), expiresAt, revision: 1 });
      return true;
    },

    async update(sid, { set, del, expiresAt, now, ifRevision }) {
      const record = live(sid, now);
      if (record === undefined) return 'gone'; // never an upsert
      if (ifRevision !== undefined && ifRevision !== record.revision) return 'conflict';
      for (const name of del) record.fields.delete(name);
      for (const [name, value] of set) record.fields.set(name, value);
      if (expiresAt !== undefined) record.expiresAt = expiresAt; // absent: keep it
      record.revision += 1;
      return 'ok';
    },

    async touch(sid, { expiresAt, now }) {
      const record = live(sid, now);
      if (record === undefined) return false; // never recreates
      record.expiresAt = expiresAt;
      return true;
    },

    async destroy(sids) {
      const now = clock();
      let removed = 0;
      for (const sid of sids) {
        if (live(sid, now) !== undefined) removed += 1;
        records.delete(sid);
      }
      return removed;
    },

    async *sids() {
      const now = clock();
      // A snapshot of the keys: the caller may destroy records while iterating.
      for (const sid of [...records.keys()]) if (live(sid, now) !== undefined) yield sid;
    },
  };
}
