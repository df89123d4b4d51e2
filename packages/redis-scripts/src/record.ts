import { isAscii } from 'node:buffer';

/**
 * The record string in JS: encoding what the scripts store as is, and parsing
 * what the read script returns. Layout (see lua.ts):
 *
 *   <idleMs>,<deadline>,<expiresAt, 15 digits>,<revision>\n
 *   <nameBytes>:<valueBytes>:<name><value>   (once per field)
 */

/** Digits of the zero-padded expiresAt in the header, so a touch can rewrite it in place. */
export const EXPIRY_WIDTH = 15;

const NEVER = '0'.repeat(EXPIRY_WIDTH);
const LARGEST_EXPIRY = 10 ** EXPIRY_WIDTH - 1;
const COLON = 58;
const ZERO = 48;
const NEWLINE = 10;

/** `expiresAt` (epoch ms, whole) as the header's 15 digits; `null` (never) as zeros. */
export function fixedExpiry(expiresAt: number | null): string {
  if (expiresAt === null) return NEVER;
  if (!(expiresAt >= 0 && expiresAt <= LARGEST_EXPIRY)) {
    throw new RangeError(
      `A record cannot expire at ${expiresAt} ms: outside 0 to ${LARGEST_EXPIRY}`,
    );
  }
  return String(expiresAt).padStart(EXPIRY_WIDTH, '0');
}

/** One field as stored: `<nameBytes>:<valueBytes>:<name><value>` (lengths in UTF-8 bytes). */
export function encodeField(name: string, value: string): string {
  return `${Buffer.byteLength(name)}:${Buffer.byteLength(value)}:${name}${value}`;
}

/** A record as stored, parsed. */
export interface ParsedRecord {
  /** Sliding idle window, ms, or `null`. */
  readonly idleMs: number | null;
  /** Absolute deadline, epoch ms, or `null`. */
  readonly deadline: number | null;
  /** Stored expiry, epoch ms, or `null` when the record never expires. */
  readonly expiresAt: number | null;
  readonly revision: number;
  readonly fields: Map<string, string>;
}

function corrupt(): TypeError {
  return new TypeError('Unexpected reply from the vial read script: not a vial record');
}

/**
 * Parses a record. A string is read by character index when it is all ASCII
 * (then characters are bytes: the common case, no copy); otherwise, and for
 * bytes that are not all ASCII, lengths are counted in UTF-8 bytes.
 */
export function parseRecord(record: string | Uint8Array): ParsedRecord {
  if (typeof record === 'string') {
    return Buffer.byteLength(record) === record.length
      ? parseAscii(record)
      : parseBytes(Buffer.from(record));
  }
  const bytes = Buffer.isBuffer(record)
    ? record
    : Buffer.from(record.buffer, record.byteOffset, record.byteLength);
  return isAscii(bytes) ? parseAscii(bytes.toString('latin1')) : parseBytes(bytes);
}

/** The header's four numbers; `text` is the record up to its first '\n' (excluded). */
function header(
  text: string,
): [idleMs: number | null, deadline: number | null, expiresAt: number | null, revision: number] {
  const a = text.indexOf(',');
  const b = text.indexOf(',', a + 1);
  const c = text.indexOf(',', b + 1);
  if (a < 0 || b < 0 || c - b - 1 !== EXPIRY_WIDTH || text.indexOf(',', c + 1) >= 0) {
    throw corrupt();
  }
  const idleMs = a === 0 ? null : decimal(text, 0, a);
  const deadline = b === a + 1 ? null : decimal(text, a + 1, b);
  const expiresAt = idleMs === null && deadline === null ? null : decimal(text, b + 1, c);
  return [idleMs, deadline, expiresAt, decimal(text, c + 1, text.length)];
}

function decimal(text: string, from: number, to: number): number {
  const value = Number(text.slice(from, to));
  if (!Number.isSafeInteger(value) || value < 0 || to === from) throw corrupt();
  return value;
}

// The two parsers differ only in how they read a code unit and slice a range
// (a string's characters, or UTF-8 bytes). Each is one plain loop: it runs
// for every field of every read. A length is one or more digits ending in
// ':'; anything else, including running past the end (NaN, undefined), throws.

function parseAscii(text: string): ParsedRecord {
  const body = text.indexOf('\n') + 1;
  if (body === 0) throw corrupt();
  const [idleMs, deadline, expiresAt, revision] = header(text.slice(0, body - 1));
  const fields = new Map<string, string>();
  const n = text.length;
  let p = body;
  while (p < n) {
    let nameLength = text.charCodeAt(p++) - ZERO;
    if (!(nameLength >= 0 && nameLength <= 9)) throw corrupt();
    for (let c = text.charCodeAt(p++); c !== COLON; c = text.charCodeAt(p++)) {
      const d = c - ZERO;
      if (!(d >= 0 && d <= 9)) throw corrupt();
      nameLength = nameLength * 10 + d;
    }
    let valueLength = text.charCodeAt(p++) - ZERO;
    if (!(valueLength >= 0 && valueLength <= 9)) throw corrupt();
    for (let c = text.charCodeAt(p++); c !== COLON; c = text.charCodeAt(p++)) {
      const d = c - ZERO;
      if (!(d >= 0 && d <= 9)) throw corrupt();
      valueLength = valueLength * 10 + d;
    }
    const value = p + nameLength;
    const end = value + valueLength;
    if (end > n) throw corrupt();
    fields.set(text.slice(p, value), text.slice(value, end));
    p = end;
  }
  return { idleMs, deadline, expiresAt, revision, fields };
}

function parseBytes(bytes: Buffer): ParsedRecord {
  const body = bytes.indexOf(NEWLINE) + 1;
  if (body === 0) throw corrupt();
  const [idleMs, deadline, expiresAt, revision] = header(bytes.toString('latin1', 0, body - 1));
  const fields = new Map<string, string>();
  const n = bytes.length;
  let p = body;
  while (p < n) {
    let nameLength = (bytes[p++] as number) - ZERO;
    if (!(nameLength >= 0 && nameLength <= 9)) throw corrupt();
    for (let c = bytes[p++]; c !== COLON; c = bytes[p++]) {
      const d = (c as number) - ZERO;
      if (!(d >= 0 && d <= 9)) throw corrupt();
      nameLength = nameLength * 10 + d;
    }
    let valueLength = (bytes[p++] as number) - ZERO;
    if (!(valueLength >= 0 && valueLength <= 9)) throw corrupt();
    for (let c = bytes[p++]; c !== COLON; c = bytes[p++]) {
      const d = (c as number) - ZERO;
      if (!(d >= 0 && d <= 9)) throw corrupt();
      valueLength = valueLength * 10 + d;
    }
    const value = p + nameLength;
    const end = value + valueLength;
    if (end > n) throw corrupt();
    fields.set(bytes.toString('utf8', p, value), bytes.toString('utf8', value, end));
    p = end;
  }
  return { idleMs, deadline, expiresAt, revision, fields };
}
