import type { Codec } from './codec.js';
import {
  EncodingError,
  KeyTooLargeError,
  RecordTooLargeError,
  ValueTooLargeError,
} from './errors.js';
import { fieldOf, keyOf } from './fields.js';

/**
 * What a save writes of the data. `set` and `del` are by field name and
 * belong to the caller, which may add core's own fields to them; `encoded`
 * and `deleted` are by key, for {@link SessionValues.commit}.
 */
export interface DataChanges {
  readonly set: Map<string, string>;
  readonly del: string[];
  readonly encoded: ReadonlyMap<string, string>;
  readonly deleted: readonly string[];
}

/** The limits and codec that values are held to. */
export interface ValueRules {
  readonly codec: Codec;
  readonly maxKeyBytes: number;
  readonly maxValueBytes: number;
}

const EMPTY: ReadonlyMap<string, string> = new Map();

function isPrimitive(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

/**
 * A session's data as a mapping: values as storage holds them (encoded),
 * values read or set here (decoded), and keys deleted here. Values decode on
 * first read; a change made inside a value that was read is found at save
 * time by encoding it again (a primitive cannot change inside, so its
 * encoding is kept).
 */
export class SessionValues {
  readonly #rules: ValueRules;
  /** The record's fields as a read returned them, by field name; never changed here. */
  #stored: ReadonlyMap<string, string> = EMPTY;
  /** Fields this session wrote since, over `#stored` (`null`: deleted). */
  #written: Map<string, string | null> | undefined;
  /** Values read or set in this session, by key. */
  readonly #live = new Map<string, unknown>();
  /** The encoding of live primitive values, by key: they need no encoding again. */
  readonly #texts = new Map<string, string>();
  /** Stored keys deleted here and not saved yet. */
  readonly #removed = new Set<string>();
  /** UTF-16 units of the stored data fields' names and values, once counted. */
  #units: number | undefined;

  constructor(rules: ValueRules) {
    this.#rules = rules;
  }

  /** Takes a stored record's fields as the stored state, dropping local changes. */
  adopt(fields: ReadonlyMap<string, string>): void {
    this.#stored = fields;
    this.#written = undefined;
    this.#units = undefined;
    this.discardChanges();
  }

  /** Forgets everything, stored state included (a destroyed session). */
  clearAll(): void {
    this.adopt(EMPTY);
  }

  discardChanges(): void {
    if (this.#live.size > 0) this.#live.clear();
    if (this.#texts.size > 0) this.#texts.clear();
    if (this.#removed.size > 0) this.#removed.clear();
  }

  /** The stored encoding of field `field`, or `undefined`. */
  #storedField(field: string): string | undefined {
    const written = this.#written?.get(field);
    if (written !== undefined) return written ?? undefined;
    return this.#stored.get(field);
  }

  #storedText(key: string): string | undefined {
    return this.#storedField(fieldOf(key));
  }

  /** Every stored field with its encoding, writes of this session included. */
  #storedFields(): ReadonlyMap<string, string> {
    const written = this.#written;
    if (written === undefined) return this.#stored;
    const fields = new Map(this.#stored);
    for (const [field, text] of written) {
      if (text === null) fields.delete(field);
      else fields.set(field, text);
    }
    return fields;
  }

  get(key: string): unknown {
    if (this.#live.has(key)) return this.#live.get(key);
    if (this.#removed.has(key)) return undefined;
    const encoded = this.#storedText(key);
    if (encoded === undefined) return undefined;
    const value = this.#decode(key, encoded);
    this.#live.set(key, value);
    if (isPrimitive(value)) this.#texts.set(key, encoded);
    return value;
  }

  set(key: string, value: unknown): void {
    this.#checkKey(key);
    const text = this.encode(key, value);
    this.#live.set(key, value);
    if (isPrimitive(value)) this.#texts.set(key, text);
    else this.#texts.delete(key);
    this.#removed.delete(key);
  }

  has(key: string): boolean {
    return this.#live.has(key) || (this.#storedText(key) !== undefined && !this.#removed.has(key));
  }

  delete(key: string): boolean {
    const had = this.has(key);
    this.#live.delete(key);
    this.#texts.delete(key);
    if (this.#storedText(key) !== undefined) this.#removed.add(key);
    return had;
  }

  /** The keys that have a value, stored ones first. */
  keys(): string[] {
    const keys: string[] = [];
    for (const [field] of this.#storedFields()) {
      const key = keyOf(field);
      if (key !== null && !this.#removed.has(key)) keys.push(key);
    }
    for (const key of this.#live.keys()) if (this.#storedText(key) === undefined) keys.push(key);
    return keys;
  }

  #textOf(key: string, value: unknown): string {
    return this.#texts.get(key) ?? this.encode(key, value);
  }

  /** Whether a save would write anything of the data. */
  changed(): boolean {
    if (this.#removed.size > 0) return true;
    for (const [key, value] of this.#live) {
      if (this.#storedText(key) !== this.#textOf(key, value)) return true;
    }
    return false;
  }

  /** What a save must write of the data; throws before any write when a value cannot be stored. */
  changes(): DataChanges {
    const set = new Map<string, string>();
    const encoded = new Map<string, string>();
    for (const [key, value] of this.#live) {
      const text = this.#textOf(key, value);
      if (this.#storedText(key) !== text) {
        set.set(fieldOf(key), text);
        encoded.set(key, text);
      }
    }
    const deleted = [...this.#removed];
    return { set, del: deleted.map(fieldOf), encoded, deleted };
  }

  /** Every data field after `changes` are applied: what a new record holds. */
  fieldsAfter(changes: DataChanges): Map<string, string> {
    const fields = new Map<string, string>();
    for (const [field, text] of this.#storedFields()) {
      const key = keyOf(field);
      if (key !== null && !this.#removed.has(key)) fields.set(field, text);
    }
    for (const [key, text] of changes.encoded) fields.set(fieldOf(key), text);
    return fields;
  }

  /** Records that `changes` were written. */
  commit(changes: DataChanges): void {
    if (changes.encoded.size === 0 && changes.deleted.length === 0) return;
    this.#written ??= new Map();
    const written = this.#written;
    const write = (field: string, text: string | null) => {
      if (this.#units !== undefined) this.#units += this.#delta(field, text);
      written.set(field, text);
    };
    for (const [key, text] of changes.encoded) write(fieldOf(key), text);
    for (const key of changes.deleted) {
      write(fieldOf(key), null);
      this.#removed.delete(key);
    }
  }

  /** How many UTF-16 units storing `text` under `field` adds (negative when it shrinks). */
  #delta(field: string, text: string | null): number {
    const old = this.#storedField(field);
    const before = old === undefined ? 0 : field.length + old.length;
    return (text === null ? 0 : field.length + text.length) - before;
  }

  /**
   * Refuses, before any write, a record that would be over `max` bytes
   * (UTF-8 of every name and value) with these changes applied; `metadata`
   * is what core's own fields add.
   */
  checkRecordSize(changes: DataChanges, metadata: number, max: number): void {
    this.#units ??= this.#countUnits();
    let units = this.#units + metadata;
    for (const [key, text] of changes.encoded) units += this.#delta(fieldOf(key), text);
    for (const key of changes.deleted) units += this.#delta(fieldOf(key), null);
    // UTF-8 takes at most 3 bytes per UTF-16 unit: count bytes only when the limit could be near.
    if (units * 3 <= max) return;
    const bytes = this.recordBytes(changes, metadata);
    if (bytes > max) throw new RecordTooLargeError(bytes, max);
  }

  /** UTF-8 bytes of every data field's name and value with `changes` applied, plus `metadata`. */
  recordBytes(changes: DataChanges, metadata: number): number {
    let bytes = metadata;
    for (const [field, text] of this.fieldsAfter(changes)) {
      bytes += Buffer.byteLength(field) + Buffer.byteLength(text);
    }
    return bytes;
  }

  #countUnits(): number {
    let units = 0;
    for (const [field, text] of this.#storedFields()) {
      if (keyOf(field) !== null) units += field.length + text.length;
    }
    return units;
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
    if (!text.isWellFormed()) {
      throw new EncodingError(
        key,
        `The value of session key ${JSON.stringify(key)} cannot be stored: the ${codec.name} codec gave text that is not well-formed UTF-16 (a lone surrogate), which storage would change. Nothing was written.`,
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
    // A lone surrogate has no UTF-8 form: storage would hand back U+FFFD, another key.
    if (!key.isWellFormed()) {
      throw new EncodingError(
        key,
        `The session key ${JSON.stringify(key)} is not well-formed UTF-16 (it holds a lone surrogate), so storage could not give it back as it is. Nothing was written; use a key that String.prototype.isWellFormed() accepts.`,
      );
    }
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
