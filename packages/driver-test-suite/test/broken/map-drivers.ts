import { setImmediate } from 'node:timers/promises';
import type { Driver, UserIndex } from '@vial/core';
import type { DriverFeature } from '../../src/index.js';
import { type MapRecord, mapDriver } from '../drivers/map-driver.js';

/** A broken driver: its storage, and the one rule it breaks on top of the guide's map driver. */
type Breakage = (base: Driver, records: Map<string, MapRecord>, clock: () => number) => Driver;

/** A user index that forgets to prune on add, on list, or on neither. */
function indexPruning(onAdd: boolean, onList: boolean): UserIndex {
  const users = new Map<string, Map<string, number | null>>();
  const prune = (entries: Map<string, number | null>, now: number) => {
    for (const [sid, at] of entries) if (at !== null && at <= now) entries.delete(sid);
  };
  return {
    async add(userId, sid, expiresAt, now) {
      const entries = users.get(userId) ?? new Map<string, number | null>();
      users.set(userId, entries);
      if (onAdd) prune(entries, now);
      entries.set(sid, expiresAt);
    },
    async list(userId, now) {
      const entries = users.get(userId) ?? new Map<string, number | null>();
      if (onList) prune(entries, now);
      const live = [...entries].filter(([, at]) => at === null || at > now);
      return live.map(([sid, expiresAt]) => ({ sid, expiresAt }));
    },
    async remove(userId, sids) {
      for (const sid of sids) users.get(userId)?.delete(sid);
    },
  };
}

/**
 * Each breaks one promise of the contract, the way real drivers have been
 * seen to; ../broken-drivers.test.ts says which clauses must fail for each.
 */
const breakages: Record<string, Breakage> = {
  /** An update of a missing record writes it (a plain HSET + PEXPIRE). */
  resurrecting: (base, records) => ({
    ...base,
    async update(sid, delta) {
      const fresh = { fields: new Map(), expiresAt: null, revision: 0 };
      if ((await base.read(sid, delta)) === null) records.set(sid, fresh);
      return base.update(sid, delta);
    },
  }),
  /** Never judges `expiresAt` against `now`: nothing ever expires. */
  'expiry-ignoring': (_, records, clock) => {
    const never = mapDriver({ clock: () => 0, records });
    return {
      ...never,
      now: clock,
      read: (sid) => never.read(sid, { now: 0 }),
      create: (sid, record) => never.create(sid, { ...record, now: 0 }),
      update: (sid, delta) => never.update(sid, { ...delta, now: 0 }),
      touch: (sid, touch) => never.touch(sid, { ...touch, now: 0 }),
    };
  },
  /** Read-modify-write across an await (GET, merge in the process, SET). */
  'non-atomic': (base, records) => ({
    ...base,
    async update(sid, { set, del, expiresAt, now, ifRevision }) {
      const current = await base.read(sid, { now });
      if (current === null) return 'gone';
      if (ifRevision !== undefined && ifRevision !== current.revision) return 'conflict';
      await setImmediate();
      const fields = new Map(current.fields);
      for (const name of del) fields.delete(name);
      for (const [name, value] of set) fields.set(name, value);
      const kept = expiresAt === undefined ? current.expiresAt : expiresAt;
      records.set(sid, { fields, expiresAt: kept, revision: current.revision + 1 });
      return 'ok';
    },
  }),
  /** Replaces the record's fields with the delta's instead of merging them. */
  'field-losing': (base, records) => ({
    ...base,
    async update(sid, delta) {
      const result = await base.update(sid, delta);
      const fields = records.get(sid)?.fields ?? new Map();
      for (const name of [...fields.keys()]) if (!delta.set.has(name)) fields.delete(name);
      return result;
    },
  }),
  /** No collision guard: create overwrites a live record (SET without NX). */
  overwriting: (base, records) => ({
    ...base,
    create: (sid, record) => {
      records.delete(sid);
      return base.create(sid, record);
    },
  }),
  /** Hands out its own map of fields, so a caller's change changes the store. */
  leaky: (base, records) => ({
    ...base,
    async read(sid, options) {
      const record = await base.read(sid, options);
      return record && { ...record, fields: records.get(sid)?.fields ?? record.fields };
    },
  }),
  /** Has sids() but its test options do not list it (see `undeclared` below). */
  undeclared: (base) => base,
  /** Slides the expiry on every read by the lifetime it was last given, as v1's read-with-touch did. */
  'read-sliding': (base, records) => {
    const lifetimes = new Map<string, number | null>();
    const given = (sid: string, expiresAt: number | null | undefined, now: number) => {
      if (expiresAt !== undefined) lifetimes.set(sid, expiresAt === null ? null : expiresAt - now);
    };
    return {
      ...base,
      async create(sid, r) {
        const created = await base.create(sid, r);
        if (created) given(sid, r.expiresAt, r.now);
        return created;
      },
      async update(sid, d) {
        const result = await base.update(sid, d);
        if (result === 'ok') given(sid, d.expiresAt, d.now);
        return result;
      },
      async touch(sid, t) {
        const touched = await base.touch(sid, t);
        if (touched) given(sid, t.expiresAt, t.now);
        return touched;
      },
      async read(sid, { now }) {
        const record = records.get(sid);
        const lifetime = lifetimes.get(sid);
        const live = record && (record.expiresAt === null || record.expiresAt > now);
        if (live && lifetime != null) record.expiresAt = now + lifetime;
        return base.read(sid, { now });
      },
    };
  },
  /** A touch of a missing record creates it (PEXPIRE after SET, or an upsert). */
  'touch-reviving': (base, records) => ({
    ...base,
    async touch(sid, touch) {
      const empty = { fields: new Map(), expiresAt: touch.expiresAt, revision: 1 };
      if ((await base.read(sid, touch)) === null) records.set(sid, empty);
      return base.touch(sid, touch);
    },
  }),
  /** A touch written as an update: it counts as a revision. */
  'touch-rewriting': (base) => ({
    ...base,
    touch: async (sid, { expiresAt, now }) =>
      (await base.update(sid, { set: new Map(), del: [], expiresAt, now })) === 'ok',
  }),
  /** A driver of the first contract: it has no touch() at all. */
  touchless: (base) => ({ ...base, touch: undefined as unknown as Driver['touch'] }),
  /** An update without `expiresAt` drops the expiry (SET without KEEPTTL). */
  'expiry-dropping': (base) => ({
    ...base,
    update: (sid, delta) => base.update(sid, { ...delta, expiresAt: delta.expiresAt ?? null }),
  }),
  /** Trusts the basis: an update rewrites the record as the read it follows, plus the delta. */
  'basis-trusting': (base, records) => ({
    ...base,
    async read(sid, options) {
      const record = await base.read(sid, options);
      return record && { ...record, basis: new Map(record.fields) };
    },
    async update(sid, delta) {
      const record = records.get(sid);
      if (!(delta.basis instanceof Map) || record === undefined) return base.update(sid, delta);
      if (record.expiresAt !== null && record.expiresAt <= delta.now) return 'gone';
      record.fields = new Map(delta.basis);
      return base.update(sid, delta);
    },
  }),
  /** destroy() answers how many sids it was given, not how many records it removed. */
  'destroy-miscounting': (base) => ({
    ...base,
    async destroy(sids) {
      await base.destroy(sids);
      return sids.length;
    },
  }),
  /** list() leaves expired entries out but never deletes them. */
  'unpruned-list': (base) => ({ ...base, userIndex: indexPruning(true, false) }),
  /** add() never prunes: an index only ever added to grows without bound. */
  'never-pruning-add': (base) => ({ ...base, userIndex: indexPruning(false, true) }),
};

/** The broken map drivers, as suite options without a name. */
export const brokenMapDrivers = Object.entries(breakages).map(([name, breakage]) => ({
  name,
  features: (name === 'undeclared'
    ? ['userIndex', 'conditionalUpdate']
    : ['userIndex', 'sids', 'conditionalUpdate']) as DriverFeature[],
  createDriver: async ({ clock }: { clock: () => number }) => {
    const records = new Map<string, MapRecord>();
    return breakage(mapDriver({ clock, records }), records, clock);
  },
}));
