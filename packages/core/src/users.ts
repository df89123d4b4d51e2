import { parseDetails } from './binding.js';
import { callDriver } from './call-driver.js';
import type { Driver, StoredRecord, UserIndex } from './driver.js';
import { CorruptRecordError, MissingCapabilityError } from './errors.js';
import { policyOfRecord } from './expiry.js';
import { CREATED_AT_FIELD, DETAILS_FIELD, USER_ID_FIELD } from './fields.js';
import type { ResolvedOptions } from './options.js';

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

function requireUserIndex(driver: Driver, feature: string): UserIndex {
  if (!driver.userIndex) {
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
    Promise.all(entries.map((entry) => readOrNull(driver, entry.sid, now))),
  );
  const sessions: UserSessionInfo[] = [];
  const stale: string[] = [];
  entries.forEach((entry, i) => {
    const record = records[i];
    if (!record || record.fields.get(USER_ID_FIELD) !== userId) stale.push(entry.sid);
    else sessions.push(describeSession(options, entry.sid, record));
  });
  if (stale.length > 0) await callDriver(driver, 'sessionsOf', () => index.remove(userId, stale));
  return sessions.sort((a, b) => b.lastAccessedAt.getTime() - a.lastAccessedAt.getTime());
}

function describeSession(
  options: ResolvedOptions,
  sid: string,
  record: StoredRecord,
): UserSessionInfo {
  const createdAt = Number(record.fields.get(CREATED_AT_FIELD));
  const { idleMs, deadline } = policyOfRecord(options, createdAt, record.fields);
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
  let ended = 0;
  for (let start = 0; start < doomed.length; start += DESTROY_BATCH) {
    const batch = doomed.slice(start, start + DESTROY_BATCH);
    ended += await callDriver(driver, 'revokeUser', () => driver.destroy(batch));
    await callDriver(driver, 'revokeUser', () => index.remove(userId, batch));
  }
  return ended;
}

/** Ends one session by sid, and removes it from its user's index. */
export async function revokeSession(options: ResolvedOptions, sid: string): Promise<boolean> {
  const { driver, clock } = options;
  const record = await callDriver(driver, 'revoke', () => readOrNull(driver, sid, clock()));
  const ended = await callDriver(driver, 'revoke', () => driver.destroy([sid]));
  const userId = record?.fields.get(USER_ID_FIELD);
  if (userId !== undefined && driver.userIndex) {
    const index = driver.userIndex;
    await callDriver(driver, 'revoke', () => index.remove(userId, [sid]));
  }
  return ended > 0;
}

/** A read in which a corrupt record counts as absent: listing and revoking skip past it. */
async function readOrNull(driver: Driver, sid: string, now: number): Promise<StoredRecord | null> {
  try {
    return await driver.read(sid, { now });
  } catch (error) {
    if (error instanceof CorruptRecordError) return null;
    throw error;
  }
}
