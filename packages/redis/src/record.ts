/**
 * A session in Redis is a LIST: a base element (the record as of its last
 * compaction) followed by the changes appended since, each with one plain
 * `RPUSHX`, which never recreates a key that is gone. Readers replay the list
 * (`LRANGE`), so concurrent changes of different fields merge in the order
 * Redis received them, and a save costs Redis O(change), not O(record).
 *
 *   base:   <gen>:<revision>:<expiry>\n<entries>
 *   change: d<expiry?>\n<entries>          (+1 revision)
 *   touch:  t<expiry>                       (expiry only)
 *
 * `expiry` is epoch ms in decimal, `-` for never, empty for unchanged; `gen`
 * counts compactions. An entry is `<name length>:<value length>:<name><value>`,
 * or `<name length>:-:<name>` for a deleted field; lengths are in UTF-16 code
 * units (JS string lengths), which only JavaScript ever reads, so any name or
 * value round-trips with no escaping and no byte counting.
 */

/** What {@link parseRecord} gives for a live list, plus what a compacting update needs. */
export interface ParsedRecord {
  readonly fields: Map<string, string>;
  readonly expiresAt: number | null;
  readonly revision: number;
  /** Compactions so far: a compacting update proves no other one ran since this read. */
  readonly gen: number;
  /** Elements in the list when read. */
  readonly length: number;
  /** Characters in the base element, and in all later elements together. */
  readonly baseSize: number;
  readonly tailSize: number;
}

/** Thrown for an element that is not one vial wrote; the driver reports the record as corrupt. */
export class MalformedRecord extends Error {}

const CHANGE = 100; // 'd'
const TOUCH = 116; // 't'
const COLON = 58;
const ZERO = 48;

function expiryText(expiresAt: number | null): string {
  return expiresAt === null ? '-' : String(Math.round(expiresAt));
}

function entriesText(set: ReadonlyMap<string, string>, del: readonly string[] = []): string {
  let text = '';
  for (const [name, value] of set) text += `${name.length}:${value.length}:${name}${value}`;
  for (const name of del) text += `${name.length}:-:${name}`;
  return text;
}

/** The base element of a record. */
export function encodeBase(
  gen: number,
  revision: number,
  expiresAt: number | null,
  fields: ReadonlyMap<string, string>,
): string {
  return `${gen}:${revision}:${baseBody(expiresAt, fields)}`;
}

/** A base element after its `<gen>:<revision>:`, which the save script writes in front. */
export function baseBody(expiresAt: number | null, fields: ReadonlyMap<string, string>): string {
  return `${expiryText(expiresAt)}\n${entriesText(fields)}`;
}

/** A change element: fields set and deleted, and the new expiry (`undefined`: unchanged). */
export function encodeChange(
  set: ReadonlyMap<string, string>,
  del: readonly string[],
  expiresAt: number | null | undefined,
): string {
  return `d${expiresAt === undefined ? '' : expiryText(expiresAt)}\n${entriesText(set, del)}`;
}

/** A touch element: the new expiry only. */
export function encodeTouch(expiresAt: number | null): string {
  return `t${expiryText(expiresAt)}`;
}

function malformed(): MalformedRecord {
  return new MalformedRecord('an element is not in the vial list format');
}

/** A non-negative decimal in `text[from, to)`; throws on anything else. */
function decimal(text: string, from: number, to: number): number {
  if (to <= from) throw malformed();
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (!(d >= 0 && d <= 9)) throw malformed();
    value = value * 10 + d;
  }
  if (!Number.isSafeInteger(value)) throw malformed();
  return value;
}

function expiryAt(text: string, from: number, to: number): number | null {
  return to - from === 1 && text.charCodeAt(from) === 45 /* - */ ? null : decimal(text, from, to);
}

/**
 * The decimal that starts at `p` and ends at the next ':'; returns it and
 * leaves the position after the ':' in `at[0]`. One pass, no substrings:
 * this runs twice for every field of every load.
 */
function length(text: string, p: number, at: number[]): number {
  let value = text.charCodeAt(p) - ZERO;
  if (!(value >= 0 && value <= 9)) throw malformed();
  for (let c = text.charCodeAt(++p); c !== COLON; c = text.charCodeAt(++p)) {
    const d = c - ZERO;
    if (!(d >= 0 && d <= 9) || value > 1e15) throw malformed();
    value = value * 10 + d;
  }
  at[0] = p + 1;
  return value;
}

/** Applies the entries of `text` from `p` on to `fields`. */
function applyEntries(fields: Map<string, string>, text: string, p: number): void {
  const n = text.length;
  const at = [0];
  while (p < n) {
    const nameLength = length(text, p, at);
    let q = at[0] as number;
    if (text.charCodeAt(q) === 45 /* - */ && text.charCodeAt(q + 1) === COLON) {
      const end = q + 2 + nameLength;
      if (end > n) throw malformed();
      fields.delete(text.slice(q + 2, end));
      p = end;
      continue;
    }
    const valueLength = length(text, q, at);
    q = at[0] as number;
    const value = q + nameLength;
    const end = value + valueLength;
    if (end > n) throw malformed();
    fields.set(text.slice(q, value), text.slice(value, end));
    p = end;
  }
}

/** Replays a list as `LRANGE key 0 -1` returned it; `null` for an empty (absent) one. */
export function parseRecord(elements: readonly string[]): ParsedRecord | null {
  const base = elements[0];
  if (base === undefined) return null;
  const line = base.indexOf('\n');
  const a = base.indexOf(':');
  const b = base.indexOf(':', a + 1);
  if (line < 0 || a < 0 || b < 0 || b > line) throw malformed();
  const gen = decimal(base, 0, a);
  let revision = decimal(base, a + 1, b);
  let expiresAt = expiryAt(base, b + 1, line);
  const fields = new Map<string, string>();
  applyEntries(fields, base, line + 1);
  let tailSize = 0;
  for (let i = 1; i < elements.length; i++) {
    const element = elements[i] as string;
    tailSize += element.length;
    const kind = element.charCodeAt(0);
    if (kind === TOUCH) {
      expiresAt = expiryAt(element, 1, element.length);
    } else if (kind === CHANGE) {
      const end = element.indexOf('\n');
      if (end < 0) throw malformed();
      if (end > 1) expiresAt = expiryAt(element, 1, end);
      applyEntries(fields, element, end + 1);
      revision += 1;
    } else {
      throw malformed();
    }
  }
  return {
    fields,
    expiresAt,
    revision,
    gen,
    length: elements.length,
    baseSize: base.length,
    tailSize,
  };
}
