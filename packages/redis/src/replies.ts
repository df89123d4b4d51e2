/**
 * Replies as the body reads them. A client may hand back bytes instead of
 * strings (node-redis with a type mapping such as `{ BLOB_STRING: Buffer }`);
 * reading them here is cheaper than asking the client for raw replies on every
 * command (measured: about 5 µs a command on node-redis 6).
 */

/** A bulk string reply as a string (UTF-8 when it came as bytes). */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new TypeError(`Unexpected reply from Redis: ${String(value)}`);
}

/** An array reply of bulk strings as strings; `null` when it is not an array. */
export function asTexts(reply: unknown): string[] | null {
  if (!Array.isArray(reply)) return null;
  for (let i = 0; i < reply.length; i++) {
    if (typeof reply[i] !== 'string') return reply.map(asText);
  }
  return reply as string[];
}
