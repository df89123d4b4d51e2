import { baseBody, type ParsedRecord } from './record.js';

/**
 * What this driver knows of a session's list: the state of its first
 * `length` elements, in compaction generation `gen`. A list only grows by
 * appends until the next compaction bumps `gen`, so while `gen` holds, those
 * elements are still what this basis says, however many were appended
 * after them; the save script checks exactly that before it relies on it.
 *
 * Core hands the basis of a read to every later write of that session, and
 * the driver keeps it current in place: a write that Redis placed right
 * after the known prefix extends it, a compaction resets it to the new base.
 */
export class Basis {
  // TypeScript-private, not #private: a read makes one of these, and plain properties construct faster.
  private known: ReadonlyMap<string, string>;
  /** Writes appended to the prefix and not applied to `known` yet: most bases are never asked. */
  private pending: [ReadonlyMap<string, string>, readonly string[]][] | undefined;
  expiresAt: number | null;
  /** Revision of the known prefix: its base's plus one per change element in it. */
  revision: number;
  gen: number;
  /** Elements in the known prefix. */
  length: number;
  /** Characters in the prefix's base element, and in its later elements together. */
  baseSize: number;
  tailSize: number;
  /** Set when a script found the prefix gone (another compaction ran): only a fresh read helps. */
  stale = false;
  /** Set when a write of this driver landed elsewhere than right after the prefix (others wrote between). */
  lost = false;
  /** Writes made through this basis: more than one is a long-lived session object. */
  writes = 0;
  /** UTF-8 bytes of every field's name and value, once counted. */
  private counted: number | undefined;

  constructor(record: ParsedRecord) {
    this.known = record.fields;
    this.expiresAt = record.expiresAt;
    this.revision = record.revision;
    this.gen = record.gen;
    this.length = record.length;
    this.baseSize = record.baseSize;
    this.tailSize = record.tailSize;
  }

  /** Takes over everything another basis knows (a fresh read of the same list). */
  replaceWith(other: Basis): void {
    this.known = other.fields;
    this.pending = undefined;
    this.expiresAt = other.expiresAt;
    this.revision = other.revision;
    this.gen = other.gen;
    this.length = other.length;
    this.baseSize = other.baseSize;
    this.tailSize = other.tailSize;
    this.stale = other.stale;
    this.lost = other.lost;
    this.counted = other.counted;
  }

  /** The fields of the known prefix. */
  get fields(): ReadonlyMap<string, string> {
    const pending = this.pending;
    if (pending !== undefined) {
      const fields = new Map(this.known);
      for (const [set, del] of pending) {
        for (const [name, value] of set) fields.set(name, value);
        for (const name of del) fields.delete(name);
      }
      this.known = fields;
      this.pending = undefined;
    }
    return this.known;
  }

  get bytes(): number {
    if (this.counted === undefined) {
      let bytes = 0;
      for (const [name, value] of this.fields) bytes += fieldBytes(name, value);
      this.counted = bytes;
    }
    return this.counted;
  }

  /** UTF-8 bytes that `set` and `del` add to the known state (negative when they shrink it). */
  growth(set: ReadonlyMap<string, string>, del: readonly string[]): number {
    let growth = 0;
    for (const [name, value] of set) {
      const old = this.fields.get(name);
      if (old === value) continue;
      growth += fieldBytes(name, value) - (old === undefined ? 0 : fieldBytes(name, old));
    }
    for (const name of del) {
      const old = this.fields.get(name);
      if (old !== undefined) growth -= fieldBytes(name, old);
    }
    return growth;
  }

  /** The known fields with `set` and `del` applied, as a new map. */
  fieldsAfter(set: ReadonlyMap<string, string>, del: readonly string[]): Map<string, string> {
    const fields = new Map(this.fields);
    for (const [name, value] of set) fields.set(name, value);
    for (const name of del) fields.delete(name);
    return fields;
  }

  /**
   * The body of a compacted base holding the known state with this write
   * applied (the script puts the generation and revision in front).
   */
  body(
    set: ReadonlyMap<string, string>,
    del: readonly string[],
    expiresAt: number | null | undefined,
  ): string {
    return baseBody(
      expiresAt === undefined ? this.expiresAt : expiresAt,
      this.fieldsAfter(set, del),
    );
  }

  /**
   * Records an element this driver appended, which left the list `length`
   * long: when it landed right after the known prefix, the prefix grows by it.
   */
  appended(
    set: ReadonlyMap<string, string>,
    del: readonly string[],
    expiresAt: number | null | undefined,
    element: string,
    length: number,
  ): void {
    this.writes += 1;
    if (length !== this.length + 1) {
      this.lost = true;
      return;
    }
    this.#apply(set, del, expiresAt);
    if (element.charCodeAt(0) === CHANGE) this.revision += 1;
    this.length = length;
    this.tailSize += element.length;
  }

  /**
   * Records a compaction: the list now starts with a base holding the known
   * state with this write applied, at generation `gen + 1`, with revision
   * `revision` (the new known prefix is that base alone).
   */
  compacted(
    set: ReadonlyMap<string, string>,
    del: readonly string[],
    expiresAt: number | null | undefined,
    revision: number,
    body: string,
  ): void {
    this.writes += 1;
    this.stale = false;
    this.lost = false;
    this.#apply(set, del, expiresAt);
    this.gen += 1;
    this.revision = revision;
    this.length = 1;
    this.baseSize = body.length;
    this.tailSize = 0;
  }

  #apply(
    set: ReadonlyMap<string, string>,
    del: readonly string[],
    expiresAt: number | null | undefined,
  ): void {
    if (this.counted !== undefined) this.counted += this.growth(set, del);
    // Copies: the maps are the caller's, which may reuse them.
    if (set.size > 0 || del.length > 0) {
      this.pending ??= [];
      this.pending.push([new Map(set), [...del]]);
    }
    if (expiresAt !== undefined) this.expiresAt = expiresAt;
  }
}

const CHANGE = 100; // 'd'

/** UTF-8 bytes of one field's name and value. */
export function fieldBytes(name: string, value: string): number {
  return Buffer.byteLength(name) + Buffer.byteLength(value);
}
