/**
 * Turns session values into the strings a driver stores, and back. Core calls
 * `encode` per key; a codec throws when it cannot represent a value, and core
 * reports that as an `EncodingError` naming the key, before any write.
 */
export interface Codec {
  /** A short name for messages, such as `'json'`. */
  readonly name: string;
  /** Encodes one value. Throws (any error) when the value cannot round-trip. */
  encode(value: unknown): string;
  /** Decodes what `encode` produced. */
  decode(text: string): unknown;
}

/** Why the strict JSON codec refused a value; the message becomes part of an `EncodingError`. */
export class UnencodableValueError extends Error {}

const RICH_HINT = "; use richCodec from '@vial/core/codec-rich' to store it as is";

function refuseLossyValue(this: unknown, key: string, value: unknown): unknown {
  switch (typeof value) {
    case 'string':
      // A Date reaches the replacer already turned into a string by its toJSON.
      if ((this as Record<string, unknown>)[key] instanceof Date) {
        throw new UnencodableValueError(`a Date would come back as a string${at(key)}${RICH_HINT}`);
      }
      return value;
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) {
        throw new UnencodableValueError(`${value} would come back as null${at(key)}`);
      }
      return value;
    case 'object': {
      if (value === null) return value;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) {
        const kind = (value as object).constructor?.name ?? 'object';
        throw new UnencodableValueError(
          `a ${kind} would come back as a plain object${at(key)}${RICH_HINT}`,
        );
      }
      return value;
    }
    case 'bigint':
      throw new UnencodableValueError(`JSON has no BigInt${at(key)}${RICH_HINT}`);
    case 'undefined':
      // An absent property reads back as undefined anyway; in an array it would become null.
      if (!Array.isArray(this)) return value;
      throw new UnencodableValueError(`undefined in an array would come back as null${at(key)}`);
    default:
      throw new UnencodableValueError(`a ${typeof value} cannot be stored${at(key)}`);
  }
}

function at(key: string): string {
  return key === '' ? '' : ` (at ${JSON.stringify(key)})`;
}

/**
 * The default codec: JSON, strict. It refuses what JSON would silently turn
 * into something else (a `Date` into a string, `undefined` into nothing,
 * `NaN` into `null`, a `Map` into `{}`) instead of storing a different value.
 * Cycles and BigInt are refused too.
 */
export const jsonCodec: Codec = {
  name: 'json',
  encode(value) {
    if (value === undefined) {
      throw new UnencodableValueError('undefined cannot be stored; use delete() to remove a key');
    }
    // Strings, booleans and finite numbers need no replacer: the common value, encoded at native speed.
    const kind = typeof value;
    if (kind === 'string' || kind === 'boolean' || (kind === 'number' && Number.isFinite(value))) {
      return JSON.stringify(value);
    }
    try {
      return JSON.stringify(value, refuseLossyValue);
    } catch (error) {
      if (error instanceof UnencodableValueError) throw error;
      if (error instanceof TypeError && /circular/i.test(error.message)) {
        throw new UnencodableValueError('it contains a cycle, which JSON cannot represent');
      }
      throw error;
    }
  },
  decode(text) {
    return JSON.parse(text);
  },
};
