import { randomBytes } from 'node:crypto';
import type { NewRecord, RecordDelta } from '@vial/core';

/** A fresh 22-character sid, as core mints them. */
export const newSid = (): string => randomBytes(16).toString('base64url');

/** A key prefix no other test uses, so that `sids()` sees only this test's records. */
export const freshPrefix = (): string => `t${randomBytes(6).toString('hex')}:`;

/** An expiry a day from now: records that outlive any test. */
export const inADay = (): number => Date.now() + 86_400_000;

/** A record to create now with `fields`. */
export function newRecord(fields: Record<string, string>): NewRecord {
  return { fields: new Map(Object.entries(fields)), expiresAt: inADay(), now: Date.now() };
}

/** A delta applied now, keeping the record's expiry. */
export function delta(set: Record<string, string>, del: string[] = []): RecordDelta {
  return { set: new Map(Object.entries(set)), del, now: Date.now() };
}

/** Read options for now. */
export const now = () => ({ now: Date.now() });
