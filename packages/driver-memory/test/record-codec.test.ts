import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pack, unpack } from '../src/record-codec.js';

describe('the packed record string', () => {
  it('unpacks to exactly the fields it was packed from, in order, whatever they contain', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }))),
        (pairs) => {
          const fields = new Map(pairs);
          expect([...unpack(pack(fields))]).toEqual([...fields]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('packs no fields into the empty string and an empty name and value into a non-empty one', () => {
    expect(pack(new Map())).toBe('');
    expect([...unpack(pack(new Map([['', '']])))]).toEqual([['', '']]);
  });

  it('lays out each name and value as <length>:<text>', () => {
    const value = 'v'.repeat(1000);
    const packed = pack(new Map([['name', value]]));
    expect(packed).toBe(`4:name1000:${value}`);
  });
});
