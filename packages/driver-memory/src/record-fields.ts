import { pack, unpack } from './record-codec.js';
import type { Shape, ShapeTable } from './shapes.js';

/** A record's fields as stored: the shared shape (names) and the packed values. */
export interface PackedFields {
  readonly shape: Shape;
  readonly values: string;
}

/** Packs `fields`, acquiring their shape from `shapes`; the caller must release it when done. */
export function packFields(
  shapes: ShapeTable,
  fields: Iterable<readonly [string, string]>,
): PackedFields {
  const names: string[] = [];
  const values: string[] = [];
  for (const [name, value] of fields) {
    names.push(name);
    values.push(value);
  }
  return { shape: shapes.acquire(names), values: pack(values) };
}

/** A new `Map` of the fields: the copy a read hands out. */
export function unpackFields({ shape, values }: PackedFields): Map<string, string> {
  const unpacked = unpack(values);
  const fields = new Map<string, string>();
  shape.names.forEach((name, i) => {
    fields.set(name, unpacked[i] as string);
  });
  return fields;
}
