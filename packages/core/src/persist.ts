import { encodeScore, indexCovers, indexScoreAt, type UserBinding } from './binding.js';
import { callDriver } from './call-driver.js';
import type { RecordDelta, StoredRecord } from './driver.js';
import {
  ConflictError,
  CorruptRecordError,
  RecordTooLargeError,
  SessionGoneError,
  StorageUnavailableError,
  VialError,
} from './errors.js';
import { type ExpiryPolicy, expiresAtOf, mustMoveExpiry } from './expiry.js';
import {
  CREATED_AT_FIELD,
  GRACE_DIGEST_FIELD,
  INDEX_SCORE_FIELD,
  keyOf,
  TOKEN_DIGEST_FIELD,
} from './fields.js';
import type { ResolvedOptions } from './options.js';
import { digestSecret, graceSid, mintSecret, mintSid, type ParsedToken } from './token.js';
import type { DataChanges, SessionValues } from './values.js';

/** What a session asks storage to do. */
export type WriteKind = 'save' | 'regenerate' | 'touch';

/** A session's state as a write needs it. */
export interface WriteState {
  readonly sid: string | null;
  readonly token: string | null;
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly revision: number;
  readonly basis: unknown;
  readonly policy: ExpiryPolicy;
  readonly values: SessionValues;
  readonly binding: UserBinding;
  /** For a new session: the one token to create it under (see `Vial.importOnce`); else minted. */
  readonly fixed?: ParsedToken;
}

/** Thrown by the create of a session with a fixed token whose sid is taken: another process created it first. */
export class TokenTakenError extends Error {}

/** What a successful write leaves the session with. */
export interface Committed {
  readonly sid: string;
  readonly token: string;
  readonly revision: number;
  readonly expiresAt: number | null;
  readonly now: number;
  /** For a record this write created: the object given to the driver as `NewRecord.basis`. */
  readonly basis?: object;
}

const CREATE_ATTEMPTS = 3;

/**
 * What core's own fields other than the binding's (token digest, creation
 * time, index score, grace digest) add to a record, at most, for sizing an
 * update; the binding's fields (user id, details) are counted as they are.
 */
const UPDATE_METADATA_BYTES = 160;

/**
 * Performs one write of a session and commits its local state; resolves
 * `null` when there was nothing to write. Nothing is committed, and storage
 * is left as it was, when it throws before the driver call.
 */
export function writeSession(
  options: ResolvedOptions,
  kind: WriteKind,
  state: WriteState,
): Promise<Committed | null> {
  const now = options.clock();
  if (state.sid === null || state.token === null) {
    return kind === 'touch' ? Promise.resolve(null) : createSession(options, state, now);
  }
  if (kind === 'regenerate') return regenerateSession(options, state, state.sid, state.token, now);
  if (kind === 'touch') return touchSession(options, state, state.sid, state.token, now);
  return updateSession(options, state, state.sid, state.token, now);
}

/** Reads a record for a session this process holds; a corrupt one is reported and reads as absent. */
export function readRecord(
  options: ResolvedOptions,
  sid: string,
  now: number,
  operation: string,
): Promise<StoredRecord | null> {
  const { driver } = options;
  let reading: Promise<StoredRecord | null>;
  try {
    reading = driver.read(sid, { now });
  } catch (error) {
    reading = Promise.reject(error);
  }
  // One handler for both outcomes of a failed read: a corrupt record reads as absent, the rest is an outage.
  return reading.catch((error: unknown) => {
    if (error instanceof CorruptRecordError) {
      reportCorrupt(options, sid, error);
      return null;
    }
    throw error instanceof VialError
      ? error
      : new StorageUnavailableError(driver.name, operation, error);
  });
}

/** Tells the application about a record that cannot be read; a failing hook never fails the request. */
export function reportCorrupt(options: ResolvedOptions, sid: string, error: Error): void {
  try {
    options.onCorruptRecord({ sid, driver: options.driver.name, error });
  } catch {
    // The hook is for operators; the request goes on with a new session.
  }
}

/** Removes one session's record, and its entry in its user's index. */
export async function destroyRecord(
  options: ResolvedOptions,
  sid: string,
  userId: string | null,
): Promise<void> {
  const { driver } = options;
  await callDriver(driver, 'destroy', () => driver.destroy([sid]));
  const index = driver.userIndex;
  if (userId !== null && index)
    await callDriver(driver, 'destroy', () => index.remove(userId, [sid]));
}

async function createSession(
  options: ResolvedOptions,
  state: WriteState,
  now: number,
): Promise<Committed> {
  const { values, binding, policy } = state;
  const changes = values.changes();
  const secret = state.fixed?.secret ?? mintSecret();
  const fields = recordFields(values, changes, binding, state.createdAt, secret);
  checkSize(options, values, changes, fields);
  const expiresAt = expiresAtOf(policy, now);
  const basis = {};
  const { sid, score } = await createRecord(
    options,
    state,
    fields,
    expiresAt,
    now,
    basis,
    state.fixed,
  );
  values.commit(changes);
  binding.commit(score);
  return { sid, token: `${sid}.${secret}`, revision: 1, expiresAt, now, basis };
}

async function updateSession(
  options: ResolvedOptions,
  state: WriteState,
  sid: string,
  token: string,
  now: number,
): Promise<Committed | null> {
  const { values, binding, policy } = state;
  const { driver } = options;
  const changes = values.changes();
  const { set, del } = changes;
  binding.addChanges(set, del);
  // A grace window never spans a change of user.
  if (binding.rebound) del.push(GRACE_DIGEST_FIELD);
  if (set.size === 0 && del.length === 0) return null;
  const metadata = UPDATE_METADATA_BYTES + metadataBytes(binding.fields());
  const max = options.maxRecordBytes;
  values.checkRecordSize(changes, metadata, max);
  const target = expiresAtOf(policy, now);
  const expiresAt = mustMoveExpiry(policy, state.expiresAt, target) ? target : state.expiresAt;
  const score = await indexBeforeWrite(options, state, sid, expiresAt, now, set);
  const delta: RecordDelta = {
    set,
    del,
    now,
    maxBytes: max,
    ...(expiresAt !== state.expiresAt ? { expiresAt } : undefined),
    ...(options.conflict === 'reject' ? { ifRevision: state.revision } : undefined),
    ...(state.basis !== undefined ? { basis: state.basis } : undefined),
  };
  const result = await callDriver(driver, 'save', () => driver.update(sid, delta));
  if (result === 'gone') throw new SessionGoneError('save the session');
  if (result === 'conflict') throw new ConflictError();
  // Storage counted what other requests saved meanwhile, which this copy has not seen.
  if (result === 'tooLarge')
    throw new RecordTooLargeError(values.recordBytes(changes, metadata), max, true);
  values.commit(changes);
  const previousUser = binding.storedUserId;
  const rebound = binding.rebound;
  binding.commit(score);
  const index = driver.userIndex;
  if (rebound && previousUser !== null && index) {
    await callDriver(driver, 'save', () => index.remove(previousUser, [sid]));
  }
  return { sid, token, revision: state.revision + 1, expiresAt, now };
}

async function touchSession(
  options: ResolvedOptions,
  state: WriteState,
  sid: string,
  token: string,
  now: number,
): Promise<Committed> {
  const { driver } = options;
  const expiresAt = expiresAtOf(state.policy, now);
  const set = new Map<string, string>();
  const score = await indexBeforeWrite(options, state, sid, expiresAt, now, set);
  let revision = state.revision;
  if (set.size > 0) {
    // The index entry was re-scored: the record keeps the score it now has.
    const result = await callDriver(driver, 'touch', () =>
      driver.update(sid, { set, del: [], expiresAt, now }),
    );
    if (result !== 'ok') throw new SessionGoneError('touch the session');
    revision += 1;
  } else {
    const basis = state.basis === undefined ? {} : { basis: state.basis };
    const touched = await callDriver(driver, 'touch', () =>
      driver.touch(sid, { expiresAt, now, ...basis }),
    );
    if (!touched) throw new SessionGoneError('touch the session');
  }
  if (state.binding.userId !== null) state.binding.indexScore = score;
  return { sid, token, revision, expiresAt, now };
}

async function regenerateSession(
  options: ResolvedOptions,
  state: WriteState,
  oldSid: string,
  oldToken: string,
  now: number,
): Promise<Committed> {
  const { values, binding, policy } = state;
  const { driver } = options;
  const changes = values.changes();
  const secret = mintSecret();
  const fields = recordFields(values, changes, binding, state.createdAt, secret);
  // Grace only for a session already bound that stays bound to the same user:
  // then whoever holds the previous token already was that user.
  const graceMs = options.regenerateGraceMs;
  const grace = graceMs !== null && binding.storedUserId !== null && !binding.rebound;
  if (grace) {
    const previous = oldToken.slice(oldToken.indexOf('.') + 1);
    fields.set(GRACE_DIGEST_FIELD, `${digestSecret(previous)} ${now + graceMs}`);
  }
  checkSize(options, values, changes, fields);
  const expiresAt = expiresAtOf(policy, now);
  const sid = grace ? graceSid(oldToken) : mintSid();
  const score = await indexBeforeWrite(options, state, sid, expiresAt, now, fields, true);
  // One round trip: the new record is created and the old one ended in the same step.
  const basis = {};
  const creating = callDriver(driver, 'regenerate', () =>
    driver.create(sid, { fields, expiresAt, now, basis }),
  );
  const ending = callDriver(driver, 'regenerate', () => driver.destroy([oldSid]));
  const [created, ended] = await Promise.allSettled([creating, ending]);
  if (created.status === 'rejected') throw created.reason;
  if (ended.status === 'rejected') {
    // The old token keeps working; the new record expires unused.
    throw ended.reason;
  }
  if (ended.value === 0) {
    // Destroyed or revoked meanwhile: never bring it back under a new sid.
    if (created.value) await destroyRecord(options, sid, binding.userId);
    throw new SessionGoneError('regenerate the session');
  }
  let final = { sid, score };
  if (!created.value) {
    fields.delete(GRACE_DIGEST_FIELD);
    final = await createRecord(options, state, fields, expiresAt, now, basis);
  }
  const previousUser = binding.storedUserId;
  const index = driver.userIndex;
  if (previousUser !== null && index) {
    await callDriver(driver, 'regenerate', () => index.remove(previousUser, [oldSid]));
  }
  values.commit(changes);
  binding.commit(final.score);
  return { sid: final.sid, token: `${final.sid}.${secret}`, revision: 1, expiresAt, now, basis };
}

/**
 * Creates the record under a fresh sid, retrying on the (astronomically
 * unlikely) collision; under the fixed one once, throwing `TokenTakenError`
 * when it is taken.
 */
async function createRecord(
  options: ResolvedOptions,
  state: WriteState,
  fields: Map<string, string>,
  expiresAt: number | null,
  now: number,
  basis: object,
  fixed?: ParsedToken,
): Promise<{ sid: string; score: number | null | undefined }> {
  const { driver } = options;
  for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
    if (fixed !== undefined && attempt > 0) throw new TokenTakenError();
    const sid = fixed?.sid ?? mintSid();
    const score = await indexBeforeWrite(options, state, sid, expiresAt, now, fields, true);
    const created = await callDriver(driver, 'save', () =>
      driver.create(sid, { fields, expiresAt, now, basis }),
    );
    if (created) return { sid, score };
  }
  throw new VialError(
    'VIAL_SID_COLLISION',
    `The ${driver.name} driver reported ${CREATE_ATTEMPTS} random session ids in a row as taken. Its create() must answer true when it stores a new record; check the driver.`,
  );
}

/**
 * Adds or re-scores the session in its user's index before the record is
 * written, so that a concurrent `revokeUser` either sees it or makes the
 * write fail as gone, and records the score in `set`. Returns the score
 * the entry has afterwards, `undefined` when not indexed.
 */
async function indexBeforeWrite(
  options: ResolvedOptions,
  { binding, policy }: WriteState,
  sid: string,
  expiresAt: number | null,
  now: number,
  set: Map<string, string>,
  force = binding.rebound,
): Promise<number | null | undefined> {
  const { driver } = options;
  const index = driver.userIndex;
  const user = binding.userId;
  if (user === null || !index) return undefined;
  if (!force && indexCovers(binding.indexScore, expiresAt)) return binding.indexScore;
  const score = indexScoreAt(policy, now);
  await callDriver(driver, 'save', () => index.add(user, sid, score, now));
  set.set(INDEX_SCORE_FIELD, encodeScore(score));
  return score;
}

/** Every field a new record of this session holds: data, token digest, creation time, binding. */
function recordFields(
  values: SessionValues,
  changes: DataChanges,
  binding: UserBinding,
  createdAt: number,
  secret: string,
): Map<string, string> {
  const fields = values.fieldsAfter(changes);
  fields.set(TOKEN_DIGEST_FIELD, digestSecret(secret));
  fields.set(CREATED_AT_FIELD, String(createdAt));
  for (const [field, value] of binding.fields()) fields.set(field, value);
  return fields;
}

/** UTF-8 bytes of the metadata fields (core's own, named `#x`) among `fields`. */
function metadataBytes(fields: ReadonlyMap<string, string>): number {
  let bytes = 0;
  for (const [field, value] of fields) {
    if (keyOf(field) === null) bytes += Buffer.byteLength(field) + Buffer.byteLength(value);
  }
  return bytes;
}

function checkSize(
  options: ResolvedOptions,
  values: SessionValues,
  changes: DataChanges,
  fields: ReadonlyMap<string, string>,
): void {
  values.checkRecordSize(changes, metadataBytes(fields), options.maxRecordBytes);
}
