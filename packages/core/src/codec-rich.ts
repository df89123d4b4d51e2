import { parse, stringify } from 'devalue';
import type { Codec } from './codec.js';

/**
 * A codec that round-trips what JSON cannot: `Date`, `Map`, `Set`, `BigInt`,
 * `undefined`, `RegExp`, `NaN`/`Infinity`, `-0`, sparse arrays and repeated
 * or cyclic references. Built on devalue; the stored text is still readable.
 * Class instances other than these are refused (their prototype would be lost).
 *
 * ```ts
 * import { richCodec } from '@vial/core/codec-rich';
 * const vial = new Vial({ driver, codec: richCodec });
 * ```
 */
export const richCodec: Codec = {
  name: 'rich',
  encode(value) {
    return stringify(value);
  },
  decode(text) {
    return parse(text);
  },
};
