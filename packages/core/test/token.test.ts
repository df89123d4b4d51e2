import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digestSecret, mintSecret, mintSid, parseToken, secretMatches } from '../src/token.js';

describe('tokens', () => {
  it('are two independent 128-bit base64url values joined by a dot', () => {
    const sid = mintSid();
    const secret = mintSecret();
    expect(Buffer.from(sid, 'base64url')).toHaveLength(16);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(16);
    expect(parseToken(`${sid}.${secret}`)).toEqual({ sid, secret });
  });

  it('never repeat across many mints', () => {
    const seen = new Set(Array.from({ length: 10_000 }, mintSid));
    expect(seen.size).toBe(10_000);
  });

  it.each([
    ['', 'empty'],
    ['abc', 'too short'],
    [`${'A'.repeat(22)}.${'A'.repeat(22)}x`, 'too long'],
    [`${'A'.repeat(22)}:${'A'.repeat(22)}`, 'wrong separator'],
    [`${'A'.repeat(21)}B.${'A'.repeat(22)}`, 'a last character 16 random bytes cannot produce'],
    [`${'A'.repeat(21)}+.${'A'.repeat(22)}`, 'base64, not base64url'],
    [`${'A'.repeat(22)}.${'A'.repeat(21)}=`, 'padding'],
    [`${'A'.repeat(22)}.${'A'.repeat(10)} ${'A'.repeat(11)}`, 'a space'],
  ])('rejects %j (%s)', (token) => {
    expect(parseToken(token)).toBeNull();
  });

  it('rejects values that are not strings', () => {
    for (const value of [null, undefined, 42, {}, ['a']]) expect(parseToken(value)).toBeNull();
  });

  it('store only a SHA-256 digest of the secret and match it', () => {
    const secret = mintSecret();
    const digest = digestSecret(secret);
    expect(digest).toHaveLength(43);
    expect(digest).not.toContain(secret);
    expect(secretMatches(secret, digest)).toBe(true);
    expect(secretMatches(mintSecret(), digest)).toBe(false);
    expect(secretMatches(secret, undefined)).toBe(false);
    expect(secretMatches(secret, 'short')).toBe(false);
  });
});

describe('the hand-written token check', () => {
  // The shape as a regular expression: the reference the faster check is held to.
  const PART = '[A-Za-z0-9_-]{21}[AQgw]';
  const TOKEN = new RegExp(`^(${PART})\\.(${PART})$`);
  const alphabet = [
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+/=AQgw é',
  ];

  it('accepts and splits exactly what the regular expression does', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: fc.constantFrom(...alphabet), minLength: 44, maxLength: 46 }),
          fc.tuple(fc.constant(mintSid()), fc.constant(mintSecret())).map(([a, b]) => `${a}.${b}`),
          fc.string(),
        ),
        (candidate) => {
          const match = TOKEN.exec(candidate);
          const expected = match ? { sid: match[1], secret: match[2] } : null;
          expect(parseToken(candidate)).toEqual(expected);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
