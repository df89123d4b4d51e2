import type {
  ExpiryPolicy,
  NewRecord,
  ReadOptions,
  RecordDelta,
  StoredRecord,
  UpdateResult,
  UserIndexEntry,
} from '@vial/core';

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

function policyArgs(policy: ExpiryPolicy): [string, string] {
  return [
    policy.idleMs === null ? '' : ms(policy.idleMs),
    policy.deadline === null ? '' : ms(policy.deadline),
  ];
}

/** ARGV of the read script. */
export function readArgs(options: ReadOptions): string[] {
  return [ms(options.now), options.touch ? '1' : '0'];
}

/** ARGV of the create script. */
export function createArgs(record: NewRecord): string[] {
  const args = [ms(record.now), ...policyArgs(record.expiry)];
  for (const [name, value] of record.fields) args.push(name, value);
  return args;
}

/** ARGV of the update script. */
export function updateArgs(delta: RecordDelta): string[] {
  const args = [
    ms(delta.now),
    ...policyArgs(delta.expiry),
    delta.ifRevision === undefined ? '' : ms(delta.ifRevision),
    String(delta.set.size),
  ];
  for (const [name, value] of delta.set) args.push(name, value);
  args.push(...delta.del);
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

/** Decodes the read script's reply. */
export function decodeRead(reply: unknown): StoredRecord | null {
  // Redis answers nil; ioredis-mock answers Lua's `false` as false.
  if (reply === null || reply === undefined || reply === false) return null;
  if (!Array.isArray(reply) || reply.length < 2 || reply.length % 2 !== 0) {
    throw new TypeError('Unexpected reply from the vial read script');
  }
  const expiresAt = text(reply[0]);
  const fields = new Map<string, string>();
  for (let i = 2; i < reply.length; i += 2) fields.set(text(reply[i]), text(reply[i + 1]));
  return {
    fields,
    expiresAt: expiresAt === '' ? null : Number(expiresAt),
    revision: Number(text(reply[1])),
  };
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
