import { pack, unpack } from './record-codec.js';

/**
 * The ordered field names of a record. Records with the same names share one
 * shape, so each record stores only its values: about 90 fewer bytes per
 * session for the realistic payload, since an app's sessions come in a
 * handful of shapes.
 */
export interface Shape {
  /** The names, in field order. */
  readonly names: readonly string[];
  /** The names packed: the shape's key in its table. */
  readonly key: string;
  /** How many records use this shape; the table drops it at zero. */
  refs: number;
}

/**
 * Interns shapes with reference counts, so the table never holds a shape no
 * record uses: it is bounded by the number of distinct live shapes.
 */
export class ShapeTable {
  readonly #byKey = new Map<string, Shape>();

  /** How many distinct shapes are in use. */
  get size(): number {
    return this.#byKey.size;
  }

  /** The shared shape for `names` (in this order), counted as used once more. */
  acquire(names: readonly string[]): Shape {
    const key = pack(names);
    let shape = this.#byKey.get(key);
    if (shape === undefined) {
      // Names are read back from our own flat key, not kept from the caller.
      shape = { names: unpack(key), key, refs: 0 };
      this.#byKey.set(key, shape);
    }
    shape.refs += 1;
    return shape;
  }

  /** Counts one use of `shape` less, dropping it when no record uses it. */
  release(shape: Shape): void {
    shape.refs -= 1;
    if (shape.refs === 0) this.#byKey.delete(shape.key);
  }
}
