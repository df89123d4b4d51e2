import {
  type ExpiryPolicy,
  expiresAtOf,
  type NewRecord,
  type ReadOptions,
  type RecordDelta,
  type StoredRecord,
  type UpdateResult,
  type UserIndexEntry,
} from '@vial/core';
import { encodeField, fixedExpiry, parseRecord } from './record.js';

/**
 * Encoding of script arguments and decoding of script replies. Every argument
 * is a string; replies are decoded from what ioredis and node-redis both
 * return for RESP2 (strings, integers, arrays, null).
 */

/** A whole number of milliseconds as a decimal string; the Lua side parses `%d+`. */
function ms(value: number): string {
  if (!Number.isFinite(value))
    throw new RangeError(`Expected a finite time in milliseconds, got ${value}`);
  return String(Math.round(value));
}

/** The policy with whole milliseconds, as the scripts store it. */
function wholePolicy(policy: ExpiryPolicy): ExpiryPolicy {
  return {
    idleMs: policy.idleMs === null ? null : Math.round(policy.idleMs),
    deadline: policy.deadline === null ? null : Math.round(policy.deadline),
  };
}

/**
 * What a write stores besides the fields: the header up to the revision
 * (`<idleMs>,<deadline>,<expiresAt>,`) and the PX TTL (ms; '' for never,
 * '0' when the record is already expired and must not be stored).
 */
function writeTerms(policy: ExpiryPolicy, nowMs: string): [header: string, ttl: string] {
  const whole = wholePolicy(policy);
  const idle = whole.idleMs === null ? '' : ms(whole.idleMs);
  const deadline = whole.deadline === null ? '' : ms(whole.deadline);
  const now = Number(nowMs);
  const expiresAt = expiresAtOf(whole, now);
  if (expiresAt === null) return [`${idle},${deadline},${fixedExpiry(null)},`, ''];
  if (expiresAt <= now) return [`${idle},${deadline},${fixedExpiry(null)},`, '0'];
  return [`${idle},${deadline},${fixedExpiry(expiresAt)},`, String(expiresAt - now)];
}

/** ARGV of the read script. */
export function readArgs(options: ReadOptions): string[] {
  return [ms(options.now), options.touch ? '1' : '0'];
}

/** ARGV of the create script: now, ttl, and the whole record (revision 1). */
export function createArgs(record: NewRecord): string[] {
  const now = ms(record.now);
  const [header, ttl] = writeTerms(record.expiry, now);
  let text = `${header}1\n`;
  for (const [name, value] of record.fields) text += encodeField(name, value);
  return [now, ttl, text];
}

/** ARGV of the update script. */
export function updateArgs(delta: RecordDelta): string[] {
  const now = ms(delta.now);
  const [header, ttl] = writeTerms(delta.expiry, now);
  const args = [
    now,
    header,
    delta.ifRevision === undefined ? '' : ms(delta.ifRevision),
    ttl,
    String(delta.set.size),
  ];
  for (const [name, value] of delta.set) args.push(name, encodeField(name, value));
  for (const name of delta.del) args.push(name);
  return args;
}

/** ARGV of the user-index add script. */
export function indexAddArgs(sid: string, expiresAt: number | null, now: number): string[] {
  return [sid, expiresAt === null ? '+inf' : ms(expiresAt), ms(now)];
}

/** ARGV of the user-index remove script. */
export function indexRemoveArgs(sids: readonly string[]): string[] {
  return [...sids];
}

/** ARGV of the user-index list script. */
export function indexListArgs(now: number): string[] {
  return [ms(now)];
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value === 'number') return String(value);
  throw new TypeError(`Unexpected reply item from a vial script: ${String(value)}`);
}

/**
 * Decodes the read script's reply: the record string as stored before the
 * read (a string, or bytes from a client asked for buffers), or nil. `options`
 * must be those the script ran with: a touching read reports the expiry it
 * slid to, which is `min(now + idleMs, deadline)` of the record's own policy
 * (the script returns the record, not the new expiry, to build no reply table).
 */
export function decodeRead(reply: unknown, options: ReadOptions): StoredRecord | null {
  // Redis answers nil; ioredis-mock answers Lua's `false` as false.
  if (reply === null || reply === undefined || reply === false) return null;
  if (typeof reply !== 'string' && !(reply instanceof Uint8Array)) {
    throw new TypeError('Unexpected reply from the vial read script');
  }
  const record = parseRecord(reply);
  let expiresAt = record.expiresAt;
  if (options.touch && expiresAt !== null) {
    expiresAt = expiresAtOf(record, Number(ms(options.now)));
  }
  return { fields: record.fields, expiresAt, revision: record.revision };
}

/** Decodes the create script's reply: `true` when the record was created. */
export function decodeCreate(reply: unknown): boolean {
  return Number(reply) === 1;
}

/** Decodes the update script's reply. */
export function decodeUpdate(reply: unknown): UpdateResult {
  const code = Number(reply);
  if (code === 1) return 'ok';
  if (code === 0) return 'gone';
  if (code === -1) return 'conflict';
  throw new TypeError(`Unexpected reply from the vial update script: ${String(reply)}`);
}

/** Decodes the list script's reply (`[sid, score, ...]`; score `inf` means never). */
export function decodeIndexList(reply: unknown): UserIndexEntry[] {
  if (!Array.isArray(reply)) throw new TypeError('Unexpected reply from the vial index script');
  const entries: UserIndexEntry[] = [];
  for (let i = 0; i < reply.length; i += 2) {
    const score = Number(text(reply[i + 1]).replace(/^\+?inf(inity)?$/i, 'Infinity'));
    entries.push({ sid: text(reply[i]), expiresAt: Number.isFinite(score) ? score : null });
  }
  return entries;
}
