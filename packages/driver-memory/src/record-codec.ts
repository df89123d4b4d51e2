// A record's fields in one flat string, `<length>:<text>` per name and value (UTF-16 units, no
// escaping). By `bench/heap.mjs --representations`: a Map of them ~1,700 bytes, JSON ~1,020, this ~750.

/** Packs `fields` into one flat string that shares no memory with them. */
export function pack(fields: ReadonlyMap<string, string>): string {
  const parts: (string | number)[] = [];
  for (const [name, value] of fields) parts.push(name.length, ':', name, value.length, ':', value);
  // join() yields a flat string; `+` would build a rope that keeps the caller's strings alive.
  return parts.join('');
}

/** A new `Map` of the fields packed by {@link pack}, in their original order. */
export function unpack(packed: string): Map<string, string> {
  const fields = new Map<string, string>();
  let at = 0;
  const next = (): string => {
    const colon = packed.indexOf(':', at);
    at = colon + 1 + Number(packed.slice(at, colon));
    return packed.slice(colon + 1, at);
  };
  while (at < packed.length) fields.set(next(), next());
  return fields;
}

/**
 * The size of `fields` to hold against `max`: the UTF-8 bytes of every name
 * and value, counted exactly only when they could pass `max` (UTF-8 takes at
 * most 3 bytes per UTF-16 unit); otherwise a smaller figure within it.
 */
export function recordBytes(fields: ReadonlyMap<string, string>, max: number): number {
  let units = 0;
  for (const [name, value] of fields) units += name.length + value.length;
  if (units * 3 <= max) return units;
  let bytes = 0;
  for (const [name, value] of fields) bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  return bytes;
}
