import type { Codec } from './codec.js';
import {
  EncodingError,
  KeyTooLargeError,
  RecordTooLargeError,
  ValueTooLargeError,
} from './errors.js';
import { fieldOf, keyOf } from './fields.js';

/** What a save writes of the data: fields to set and delete, and the new encodings by key. */
export interface DataChanges {
  readonly set: ReadonlyMap<string, string>;
  readonly del: readonly string[];
  readonly encoded: ReadonlyMap<string, string>;
}

/** The limits and codec that values are held to. */
export interface ValueRules {
  readonly codec: Codec;
  readonly maxKeyBytes: number;
  readonly maxValueBytes: number;
}

/**
 * A session's data as a mapping: values as storage holds them (encoded),
 * values read or set here (decoded), and keys deleted here. Values decode on
 * first read; a change made inside a value that was read is found at save
 * time by encoding it again.
 */
export class SessionValues {
  readonly #rules: ValueRules;
  /** Encoded values as storage holds them, by key. */
  readonly #stored = new Map<string, string>();
  /** Values read or set in this session, by key. */
  readonly #live = new Map<string, unknown>();
  /** Stored keys deleted here and not saved yet. */
  readonly #removed = new Set<string>();

  constructor(rules: ValueRules) {
    this.#rules = rules;
  }

  /** Takes the data fields of a stored record as the stored state, dropping local changes. */
  adopt(fields: ReadonlyMap<string, string>): void {
    this.#stored.clear();
    this.discardChanges();
    for (const [field, value] of fields) {
      const key = keyOf(field);
      if (key !== null) this.#stored.set(key, value);
    }
  }

  /** Forgets everything, stored state included (a destroyed session). */
  clearAll(): void {
    this.#stored.clear();
    this.discardChanges();
  }

  discardChanges(): void {
    this.#live.clear();
    this.#removed.clear();
  }

  get(key: string): unknown {
    if (this.#live.has(key)) return this.#live.get(key);
    if (this.#removed.has(key)) return undefined;
    const encoded = this.#stored.get(key);
    if (encoded === undefined) return undefined;
    const value = this.#decode(key, encoded);
    this.#live.set(key, value);
    return value;
  }

  set(key: string, value: unknown): void {
    this.#checkKey(key);
    this.encode(key, value);
    this.#live.set(key, value);
    this.#removed.delete(key);
  }

  has(key: string): boolean {
    return this.#live.has(key) || (this.#stored.has(key) && !this.#removed.has(key));
  }

  delete(key: string): boolean {
    const had = this.has(key);
    this.#live.delete(key);
    if (this.#stored.has(key)) this.#removed.add(key);
    return had;
  }

  /** The keys that have a value, stored ones first. */
  keys(): string[] {
    const keys: string[] = [];
    for (const key of this.#stored.keys()) if (!this.#removed.has(key)) keys.push(key);
    for (const key of this.#live.keys()) if (!this.#stored.has(key)) keys.push(key);
    return keys;
  }

  /** Whether a save would write anything of the data. */
  changed(): boolean {
    if (this.#removed.size > 0) return true;
    for (const [key, value] of this.#live) {
      if (this.#stored.get(key) !== this.encode(key, value)) return true;
    }
    return false;
  }

  /** What a save must write of the data, by field name; throws before any write when a value cannot be stored. */
  changes(): DataChanges {
    const set = new Map<string, string>();
    const encoded = new Map<string, string>();
    for (const [key, value] of this.#live) {
      const text = this.encode(key, value);
      if (this.#stored.get(key) !== text) {
        set.set(fieldOf(key), text);
        encoded.set(key, text);
      }
    }
    const del: string[] = [];
    for (const key of this.#removed) del.push(fieldOf(key));
    return { set, del, encoded };
  }

  /** Every data field after `changes` are applied: what a new record holds. */
  fieldsAfter(changes: DataChanges): Map<string, string> {
    const fields = new Map<string, string>();
    for (const [key, text] of this.#stored) {
      if (!this.#removed.has(key)) fields.set(fieldOf(key), text);
    }
    for (const [field, text] of changes.set) fields.set(field, text);
    return fields;
  }

  /** Records that `changes` were written. */
  commit(changes: DataChanges): void {
    for (const [key, text] of changes.encoded) this.#stored.set(key, text);
    for (const field of changes.del) {
      const key = keyOf(field) as string;
      this.#stored.delete(key);
      this.#removed.delete(key);
    }
  }

  /**
   * Refuses, before any write, a record that would be over `max` bytes
   * (UTF-8 of every name and value) with these changes applied; `metadata`
   * is what core's own fields add.
   */
  checkRecordSize(changes: DataChanges, metadata: number, max: number): void {
    const kept = (key: string) => !this.#removed.has(key) && !changes.encoded.has(key);
    let units = metadata;
    for (const [key, text] of this.#stored) if (kept(key)) units += key.length + 1 + text.length;
    for (const [field, text] of changes.set) units += field.length + text.length;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: count bytes only when the limit could be near.
    if (units * 3 <= max) return;
    let bytes = metadata;
    for (const [key, text] of this.#stored) {
      if (kept(key)) bytes += Buffer.byteLength(fieldOf(key)) + Buffer.byteLength(text);
    }
    for (const [field, text] of changes.set) {
      bytes += Buffer.byteLength(field) + Buffer.byteLength(text);
    }
    if (bytes > max) throw new RecordTooLargeError(bytes, max);
  }

  /** Encodes one value with the codec, refusing what it cannot store or what is over `maxValueBytes`. */
  encode(key: string, value: unknown): string {
    const { codec, maxValueBytes } = this.#rules;
    let text: string;
    try {
      text = codec.encode(value);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new EncodingError(
        key,
        `The value of session key ${JSON.stringify(key)} cannot be stored: the ${codec.name} codec refused it (${reason}). Nothing was written.`,
        error,
      );
    }
    if (typeof text !== 'string') {
      throw new EncodingError(
        key,
        `The value of session key ${JSON.stringify(key)} cannot be stored: the ${codec.name} codec returned ${typeof text}, not a string. Nothing was written.`,
      );
    }
    // UTF-8 needs at most 3 bytes per UTF-16 unit: only measure when the cap could be near.
    if (text.length * 3 > maxValueBytes) {
      const bytes = Buffer.byteLength(text);
      if (bytes > maxValueBytes) throw new ValueTooLargeError(key, bytes, maxValueBytes);
    }
    return text;
  }

  #checkKey(key: string): void {
    const { maxKeyBytes } = this.#rules;
    if (key.length * 3 > maxKeyBytes) {
      const bytes = Buffer.byteLength(key);
      if (bytes > maxKeyBytes) throw new KeyTooLargeError(key, bytes, maxKeyBytes);
    }
  }

  #decode(key: string, text: string): unknown {
    const { codec } = this.#rules;
    try {
      return codec.decode(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new EncodingError(
        key,
        `The stored value of session key ${JSON.stringify(key)} cannot be decoded by the ${codec.name} codec (${reason}). Was it written with another codec?`,
        error,
      );
    }
  }
}
