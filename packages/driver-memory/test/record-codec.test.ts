import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pack, unpack } from '../src/record-codec.js';

describe('the packed string', () => {
  it('unpacks to exactly the strings it was packed from, in order, whatever they contain', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (items) => {
        expect(unpack(pack(items))).toEqual(items);
      }),
      { numRuns: 300 },
    );
  });

  it('packs no strings into the empty string and an empty string into a non-empty one', () => {
    expect(pack([])).toBe('');
    expect(unpack(pack(['']))).toEqual(['']);
  });
});
