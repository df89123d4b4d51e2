import { type Driver, type ExpiryPolicy, expiresAtOf } from '@vial/core';

interface Entry {
  fields: Map<string, string>;
  policy: ExpiryPolicy;
  expiresAt: number | null;
  revision: number;
}

/** A vial driver over a plain Map. Each method runs without an `await`, so each is atomic. */
export function mapDriver(options: { clock?: () => number } = {}): Driver {
  const clock = options.clock ?? Date.now;
  const records = new Map<string, Entry>();

  /** The live entry of `sid` at `now`; an expired one is dropped on the way. */
  const live = (sid: string, now: number): Entry | undefined => {
    const entry = records.get(sid);
    if (entry?.expiresAt != null && entry.expiresAt <= now) {
      records.delete(sid);
      return undefined;
    }
    return entry;
  };

  return {
    name: 'map',
    capabilities: { userIndex: false, iterate: true, conditionalUpdate: true },
    now: () => clock(),

    async read(sid, { now, touch }) {
      const entry = live(sid, now);
      if (entry === undefined) return null;
      if (touch) entry.expiresAt = expiresAtOf(entry.policy, now);
      // A copy: the caller may mutate what it gets.
      return {
        fields: new Map(entry.fields),
        expiresAt: entry.expiresAt,
        revision: entry.revision,
      };
    },

    async create(sid, { fields, expiry, now }) {
      if (live(sid, now) !== undefined) return false; // collision guard
      records.set(sid, {
        fields: new Map(fields), // a copy: the caller may reuse its map
        policy: expiry,
        expiresAt: expiresAtOf(expiry, now),
        revision: 1,
      });
      return true;
    },

    async update(sid, { set, del, expiry, now, ifRevision }) {
      const entry = live(sid, now);
      if (entry === undefined) return 'gone'; // never an upsert
      if (ifRevision !== undefined && ifRevision !== entry.revision) return 'conflict';
      for (const name of del) entry.fields.delete(name);
      for (const [name, value] of set) entry.fields.set(name, value);
      entry.policy = expiry;
      entry.expiresAt = expiresAtOf(expiry, now);
      entry.revision += 1;
      return 'ok';
    },

    async destroy(sids) {
      for (const sid of sids) records.delete(sid);
    },

    async *sids() {
      const now = clock();
      for (const sid of [...records.keys()]) if (live(sid, now) !== undefined) yield sid;
    },
  };
}
