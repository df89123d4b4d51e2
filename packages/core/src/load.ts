import { decodeScore, encodeScore, indexCovers, indexScoreAt } from './binding.js';
import { callDriver } from './call-driver.js';
import type { StoredRecord } from './driver.js';
import { CorruptRecordError } from './errors.js';
import { type ExpiryPolicy, expiresAtOf, mustMoveExpiry, policyOfRecord } from './expiry.js';
import {
  CREATED_AT_FIELD,
  GRACE_DIGEST_FIELD,
  INDEX_SCORE_FIELD,
  TOKEN_DIGEST_FIELD,
  USER_ID_FIELD,
} from './fields.js';
import type { ResolvedOptions } from './options.js';
import { readRecord, reportCorrupt } from './persist.js';
import { graceSid, type ParsedToken, secretMatches } from './token.js';

/** How a session came out of storage; built by `Vial.load`. */
export interface LoadedSession {
  readonly sid: string;
  readonly token: string;
  readonly record: StoredRecord;
  readonly createdAt: number;
  readonly now: number;
  /** Opened with the previous token during a regenerate grace window. */
  readonly grace: boolean;
}

/**
 * Finds the session a parsed token opens, or `null`. Storage is read first
 * and written only once the token's secret is proved: a forged token costs
 * one read (two with `regenerateGrace`) and changes nothing.
 */
export async function openSession(
  options: ResolvedOptions,
  token: string,
  parsed: ParsedToken,
): Promise<LoadedSession | null> {
  const now = options.clock();
  let sid = parsed.sid;
  let record = await readRecord(options, sid, now, 'load');
  let grace = false;
  if (record === null && options.regenerateGraceMs !== null) {
    // A previous token of a session regenerated with grace: its new sid follows from the token.
    sid = graceSid(token);
    record = await readRecord(options, sid, now, 'load');
    grace = true;
  }
  if (record === null) return null;
  const createdAt = Number(record.fields.get(CREATED_AT_FIELD));
  const digest = record.fields.get(TOKEN_DIGEST_FIELD);
  if (!Number.isSafeInteger(createdAt) || digest === undefined) {
    reportCorrupt(
      options,
      sid,
      new CorruptRecordError('it lacks the token digest or creation time'),
    );
    return null;
  }
  if (record.expiresAt !== null && record.expiresAt <= now) return null;
  const opens = grace
    ? graceOpens(record, parsed.secret, now)
    : secretMatches(parsed.secret, digest);
  if (!opens) return null;
  if (options.maxAgeMs !== null && createdAt + options.maxAgeMs <= now) return null;
  const owed = writesOwed(options, record, createdAt, now);
  const refreshed = owed === null ? record : await refresh(options, sid, record, owed, now);
  return { sid, token, record: refreshed, createdAt, now, grace };
}

/** Whether the previous secret still opens a record regenerated with grace. */
function graceOpens(record: StoredRecord, secret: string, now: number): boolean {
  const grace = record.fields.get(GRACE_DIGEST_FIELD);
  if (grace === undefined) return false;
  const [digest, until] = grace.split(' ');
  return Number(until) > now && secretMatches(secret, digest);
}

/** What a verified load must write: a slid expiry, and/or a new score of the user-index entry. */
interface Owed {
  readonly userId: string | null;
  readonly policy: ExpiryPolicy;
  /** The expiry the record keeps or slides to. */
  readonly expiresAt: number | null;
  readonly slide: boolean;
  readonly rescore: boolean;
}

/**
 * The writes a verified load owes, each at most once per step, or `null`:
 * the idle expiry slides (once per 1 % of the idle window, `rolling`), and a
 * bound session's index entry is re-scored once the record would outlive it
 * (at most once per idle window). Decided without any I/O, so that the
 * common load, which owes nothing, costs its one read only.
 */
function writesOwed(
  options: ResolvedOptions,
  record: StoredRecord,
  createdAt: number,
  now: number,
): Owed | null {
  const userId = record.fields.get(USER_ID_FIELD) ?? null;
  const policy = policyOfRecord(options, createdAt, record.fields);
  const target = expiresAtOf(policy, now);
  const slide = options.rolling && mustMoveExpiry(policy, record.expiresAt, target);
  const expiresAt = slide ? target : record.expiresAt;
  const score = decodeScore(record.fields.get(INDEX_SCORE_FIELD));
  const rescore =
    userId !== null && options.driver.userIndex !== undefined && !indexCovers(score, expiresAt);
  return slide || rescore ? { userId, policy, expiresAt, slide, rescore } : null;
}

/** Performs what a load owes; returns the record as it stands afterwards. */
async function refresh(
  options: ResolvedOptions,
  sid: string,
  record: StoredRecord,
  { userId, policy, expiresAt, slide, rescore }: Owed,
  now: number,
): Promise<StoredRecord> {
  const { driver } = options;
  const index = driver.userIndex;
  // The read's basis goes with every write of this record and stays with it (the driver keeps it current).
  const basis = record.basis === undefined ? undefined : { basis: record.basis };
  if (rescore && userId !== null && index) {
    const fresh = indexScoreAt(policy, now);
    await callDriver(driver, 'load', () => index.add(userId, sid, fresh, now));
    const set = new Map([[INDEX_SCORE_FIELD, encodeScore(fresh)]]);
    const result = await callDriver(driver, 'load', () =>
      driver.update(sid, { set, del: [], ...(slide ? { expiresAt } : undefined), now, ...basis }),
    );
    if (result !== 'ok') return record;
    const fields = new Map(record.fields);
    fields.set(INDEX_SCORE_FIELD, encodeScore(fresh));
    return { fields, expiresAt, revision: record.revision + 1, ...basis };
  }
  const touched = await callDriver(driver, 'load', () =>
    driver.touch(sid, { expiresAt, now, ...basis }),
  );
  const { fields, revision } = record;
  return { fields, revision, expiresAt: touched ? expiresAt : record.expiresAt, ...basis };
}
