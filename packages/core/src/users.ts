import { decodeScore, encodeScore, indexCovers, indexScoreAt, parseDetails } from './binding.js';
import { callDriver } from './call-driver.js';
import type { Driver, StoredRecord, UserIndex } from './driver.js';
import { MissingCapabilityError } from './errors.js';
import { CREATED_AT_FIELD, DETAILS_FIELD, INDEX_SCORE_FIELD, USER_ID_FIELD } from './fields.js';
import type { ResolvedOptions } from './options.js';
import { policyFor } from './session.js';

/** One live session of a user, as `vial.sessionsOf()` lists it. Holds no token or secret. */
export interface UserSessionInfo {
  /** The session's storage id: pass it to `vial.revoke()`. It opens nothing by itself. */
  readonly sid: string;
  readonly createdAt: Date;
  /** Approximate (to the last load or save) time of last use. */
  readonly lastAccessedAt: Date;
  /** `null` when it never expires. */
  readonly expiresAt: Date | null;
  /** What the app recorded with `session.setDetails()`, such as a user agent. */
  readonly details: Readonly<Record<string, string>>;
}

/** Destroys at most this many records per driver call, so one revocation never builds a huge command. */
const DESTROY_BATCH = 500;

export function requireUserIndex(driver: Driver, feature: string): UserIndex {
  if (!driver.capabilities.userIndex || !driver.userIndex) {
    throw new MissingCapabilityError(driver.name, 'userIndex', feature);
  }
  return driver.userIndex;
}

/** Lists a user's live sessions; drops index entries whose record is gone or now bound elsewhere. */
export async function listUserSessions(
  options: ResolvedOptions,
  userId: string,
): Promise<UserSessionInfo[]> {
  const { driver, clock } = options;
  const index = requireUserIndex(driver, 'sessionsOf()');
  const now = clock();
  const entries = await callDriver(driver, 'sessionsOf', () => index.list(userId, now));
  const records = await callDriver(driver, 'sessionsOf', () =>
    Promise.all(entries.map((entry) => driver.read(entry.sid, { now, touch: false }))),
  );
  const sessions: UserSessionInfo[] = [];
  const stale: string[] = [];
  entries.forEach((entry, i) => {
    const record = records[i];
    if (!record || record.fields.get(USER_ID_FIELD) !== userId) stale.push(entry.sid);
    else sessions.push(describeSession(options, entry.sid, record, userId));
  });
  if (stale.length > 0) await callDriver(driver, 'sessionsOf', () => index.remove(userId, stale));
  return sessions.sort((a, b) => b.lastAccessedAt.getTime() - a.lastAccessedAt.getTime());
}

function describeSession(
  options: ResolvedOptions,
  sid: string,
  record: StoredRecord,
  userId: string,
): UserSessionInfo {
  const createdAt = Number(record.fields.get(CREATED_AT_FIELD));
  const { idleMs, deadline } = policyFor(options, createdAt, userId);
  // A record's expiry is its last use plus the idle window, unless the deadline cut it short.
  const slid = idleMs !== null && record.expiresAt !== null && record.expiresAt !== deadline;
  const lastAccessedAt = slid ? (record.expiresAt as number) - (idleMs as number) : createdAt;
  return {
    sid,
    createdAt: new Date(createdAt),
    lastAccessedAt: new Date(Math.max(lastAccessedAt, createdAt)),
    expiresAt: record.expiresAt === null ? null : new Date(record.expiresAt),
    details: parseDetails(record.fields.get(DETAILS_FIELD)),
  };
}

/** Ends every listed session of a user except `keepSid`; returns how many were ended. */
export async function revokeUserSessions(
  options: ResolvedOptions,
  userId: string,
  keepSid: string | null,
): Promise<number> {
  const { driver, clock } = options;
  const index = requireUserIndex(driver, 'revokeUser()');
  const entries = await callDriver(driver, 'revokeUser', () => index.list(userId, clock()));
  const doomed = entries.map((entry) => entry.sid).filter((sid) => sid !== keepSid);
  for (let start = 0; start < doomed.length; start += DESTROY_BATCH) {
    const batch = doomed.slice(start, start + DESTROY_BATCH);
    await callDriver(driver, 'revokeUser', () => driver.destroy(batch));
    await callDriver(driver, 'revokeUser', () => index.remove(userId, batch));
  }
  return doomed.length;
}

/** Ends one session by sid, and removes it from its user's index. */
export async function revokeSession(options: ResolvedOptions, sid: string): Promise<boolean> {
  const { driver, clock } = options;
  const record = await callDriver(driver, 'revoke', () =>
    driver.read(sid, { now: clock(), touch: false }),
  );
  await callDriver(driver, 'revoke', () => driver.destroy([sid]));
  const userId = record?.fields.get(USER_ID_FIELD);
  if (userId !== undefined && driver.userIndex) {
    const index = driver.userIndex;
    await callDriver(driver, 'revoke', () => index.remove(userId, [sid]));
  }
  return record !== null;
}

/**
 * After a load slid a bound session's expiry past its index score, re-scores
 * the index entry and records the new score; at most once per idle window.
 * Returns the record's revision after this step.
 */
export async function refreshIndexAfterLoad(
  options: ResolvedOptions,
  sid: string,
  record: StoredRecord,
  now: number,
): Promise<StoredRecord> {
  const { driver } = options;
  const userId = record.fields.get(USER_ID_FIELD);
  if (userId === undefined || !driver.userIndex) return record;
  const score = decodeScore(record.fields.get(INDEX_SCORE_FIELD));
  if (indexCovers(score, record.expiresAt)) return record;
  const createdAt = Number(record.fields.get(CREATED_AT_FIELD));
  const policy = policyFor(options, createdAt, userId);
  const fresh = indexScoreAt(policy, now);
  const index = driver.userIndex;
  await callDriver(driver, 'load', () => index.add(userId, sid, fresh, now));
  const set = new Map([[INDEX_SCORE_FIELD, encodeScore(fresh)]]);
  const result = await callDriver(driver, 'load', () =>
    driver.update(sid, { set, del: [], expiry: policy, now }),
  );
  if (result !== 'ok') return record;
  const fields = new Map(record.fields);
  fields.set(INDEX_SCORE_FIELD, encodeScore(fresh));
  return { fields, expiresAt: record.expiresAt, revision: record.revision + 1 };
}
