import { randomBytes } from 'node:crypto';
import type { ExpiryPolicy, NewRecord, RecordDelta } from '@vial/core';

/** A fresh 22-character sid, as core mints them. */
export const newSid = (): string => randomBytes(16).toString('base64url');

/** A key prefix no other test uses, so that `sids()` sees only this test's records. */
export const freshPrefix = (): string => `t${randomBytes(6).toString('hex')}:`;

/** One day of idle time and no deadline: records that outlive any test. */
export const DAY: ExpiryPolicy = { idleMs: 86_400_000, deadline: null };

/** A record to create now with `fields`. */
export function newRecord(fields: Record<string, string>, expiry: ExpiryPolicy = DAY): NewRecord {
  return { fields: new Map(Object.entries(fields)), expiry, now: Date.now() };
}

/** A delta applied now. */
export function delta(
  set: Record<string, string>,
  del: string[] = [],
  extra: { expiry?: ExpiryPolicy; ifRevision?: number } = {},
): RecordDelta {
  return {
    set: new Map(Object.entries(set)),
    del,
    expiry: extra.expiry ?? DAY,
    now: Date.now(),
    ...(extra.ifRevision === undefined ? {} : { ifRevision: extra.ifRevision }),
  };
}

/** Reads now, without touching. */
export const now = (touch = false) => ({ now: Date.now(), touch });
