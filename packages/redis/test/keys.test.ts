import { describe, expect, it } from 'vitest';
import { keyspace } from '../src/index.js';
import { groupBySlot, keySlot } from '../src/slot.js';

describe('keyspace', () => {
  it("names session and user keys under the prefix, 'vial:' by default", () => {
    const ks = keyspace();
    expect(ks.session('abc')).toBe('vial:s:abc');
    expect(ks.user('u1')).toBe('vial:u:u1');
    expect(ks.sidOf('vial:s:abc')).toBe('abc');
    expect(ks.sessionPattern).toBe('vial:s:*');
  });

  it('escapes glob characters of the prefix in the SCAN pattern', () => {
    expect(keyspace('a*[b]?\\:').sessionPattern).toBe('a\\*\\[b\\]\\?\\\\:s:*');
  });
});

describe('keySlot', () => {
  it('matches the slots Redis Cluster computes, hash tags included', () => {
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('bar')).toBe(5061);
    expect(keySlot('{foo}.anything')).toBe(12182);
    expect(keySlot('{}foo')).not.toBe(keySlot('foo'));
  });

  it('groups keys so that each group shares one slot', () => {
    const groups = groupBySlot(['foo', '{foo}x', 'bar']);
    expect(groups).toEqual([['foo', '{foo}x'], ['bar']]);
  });
});
