import { createHmac } from 'node:crypto';
import { InvalidOptionError } from '@vial/core';
import { describe, expect, test } from 'vitest';
import { resolveSecrets, sign, unsign, unsignCached } from '../src/signing.js';

const CURRENT = 'a-new-secret-of-32-characters!!!';
const OLD = 'an-old-secret-of-32-characters!!';
const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBB';

describe('sign and unsign', () => {
  test('a value signed with the first secret gives its token back as current', () => {
    const value = sign(TOKEN, CURRENT);
    expect(value.startsWith(`${TOKEN}.`)).toBe(true);
    expect(value.slice(TOKEN.length + 1)).toMatch(/^[\w-]{43}$/);
    expect(unsign(value, [CURRENT, OLD])).toEqual({ token: TOKEN, current: true });
  });

  test('the signature is the base64url HMAC-SHA256 of the token, keyed by the UTF-8 secret', () => {
    for (const secret of [CURRENT, 'ünïcödé-secret-with-€-and-more']) {
      const expected = createHmac('sha256', secret).update(TOKEN).digest('base64url');
      expect(sign(TOKEN, secret)).toBe(`${TOKEN}.${expected}`);
    }
  });

  test('a value signed with an older secret of the list is accepted but not current', () => {
    expect(unsign(sign(TOKEN, OLD), [CURRENT, OLD])).toEqual({ token: TOKEN, current: false });
  });

  test('a value signed with a secret that is not in the list is refused', () => {
    expect(unsign(sign(TOKEN, OLD), [CURRENT])).toBeNull();
  });

  test('a tampered token or signature, or a value without a signature, is refused', () => {
    const value = sign(TOKEN, CURRENT);
    expect(unsign(`B${value.slice(1)}`, [CURRENT])).toBeNull();
    expect(unsign(`${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`, [CURRENT])).toBeNull();
    expect(unsign(`${value}A`, [CURRENT])).toBeNull();
    expect(unsign('no-dot-at-all', [CURRENT])).toBeNull();
    expect(unsign('.signature-only', [CURRENT])).toBeNull();
  });
});

describe('unsignCached', () => {
  test('a frozen list verifies a value once, then answers from memory; forged values are never kept', () => {
    const secrets = resolveSecrets([CURRENT, OLD]);
    expect(Object.isFrozen(secrets)).toBe(true);
    const value = sign(TOKEN, OLD);
    const first = unsignCached(value, secrets);
    expect(first).toEqual({ token: TOKEN, current: false });
    // The same object: no second verification (unsign builds a new one each time).
    expect(unsignCached(value, secrets)).toBe(first);
    const forged = `${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`;
    expect(unsignCached(forged, secrets)).toBeNull();
    expect(unsignCached(forged, secrets)).toBeNull();
    // Another list, even with the same secrets, verifies on its own.
    expect(unsignCached(value, resolveSecrets([CURRENT]))).toBeNull();
  });

  test('past 4096 values the oldest is verified again; a list that can change is verified every time', () => {
    const secrets = resolveSecrets(CURRENT);
    const first = unsignCached(sign('token-0.secret', CURRENT), secrets);
    for (let i = 1; i <= 4096; i++) unsignCached(sign(`token-${i}.secret`, CURRENT), secrets);
    const again = unsignCached(sign('token-0.secret', CURRENT), secrets);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    const mutable = [CURRENT];
    const value = sign(TOKEN, CURRENT);
    expect(unsignCached(value, mutable)).not.toBe(unsignCached(value, mutable));
    mutable[0] = OLD;
    expect(unsignCached(value, mutable)).toBeNull();
  });
});

describe('resolveSecrets', () => {
  test('no secret means unsigned cookies; one secret or a list keeps its order', () => {
    expect(resolveSecrets(undefined)).toEqual([]);
    expect(resolveSecrets(CURRENT)).toEqual([CURRENT]);
    expect(resolveSecrets([CURRENT, OLD])).toEqual([CURRENT, OLD]);
  });

  test('an empty list, a short secret or a non-string is refused, naming the secret option', () => {
    expect(() => resolveSecrets([])).toThrow(/non-empty list/);
    expect(() => resolveSecrets('short')).toThrow(/at least 16 characters.*got 5 characters/);
    expect(() => resolveSecrets([CURRENT, 42 as unknown as string])).toThrow(/got number/);
    try {
      resolveSecrets('short');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe('secret');
    }
  });
});
