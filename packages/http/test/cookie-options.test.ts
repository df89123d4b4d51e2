import { InvalidOptionError } from '@vial/core';
import { describe, expect, test } from 'vitest';
import { resolveCookie, type SessionCookieOptions } from '../src/cookie-options.js';

/** The option an invalid cookie configuration is reported against. */
function refusedOption(options: SessionCookieOptions): string {
  try {
    resolveCookie(options);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionError);
    return (error as InvalidOptionError).option;
  }
  throw new Error(`resolveCookie accepted ${JSON.stringify(options)}`);
}

describe('resolveCookie', () => {
  test('defaults: vial, path /, Secure decided per request, HttpOnly, SameSite=Lax, persistent', () => {
    expect(resolveCookie()).toEqual({
      name: 'vial',
      domain: undefined,
      path: '/',
      secure: 'auto',
      httpOnly: true,
      sameSite: 'lax',
      partitioned: false,
      persistent: true,
    });
  });

  test('SameSite=None or Partitioned without Secure is refused, since browsers drop such cookies', () => {
    expect(refusedOption({ secure: false, sameSite: 'none' })).toBe('cookie.secure');
    expect(refusedOption({ secure: false, partitioned: true })).toBe('cookie.secure');
  });

  test("a cookie browsers keep only when Secure is always Secure under secure: 'auto', even over plain HTTP", () => {
    expect(resolveCookie({ sameSite: 'none' }).secure).toBe(true);
    expect(resolveCookie({ partitioned: true }).secure).toBe(true);
    expect(resolveCookie({ name: '__Host-s' }).secure).toBe(true);
    expect(resolveCookie({ name: '__Secure-s' }).secure).toBe(true);
    expect(resolveCookie({ sameSite: 'lax' }).secure).toBe('auto');
    expect(resolveCookie({ sameSite: 'strict', secure: false }).secure).toBe(false);
  });

  test('__Host- and __Secure- cookies must be Secure; __Host- also needs path / and no domain', () => {
    expect(refusedOption({ name: '__Secure-s', secure: false })).toBe('cookie.secure');
    expect(refusedOption({ name: '__Host-s', secure: false })).toBe('cookie.secure');
    expect(refusedOption({ name: '__Host-s', path: '/app' })).toBe('cookie.name');
    expect(refusedOption({ name: '__Host-s', domain: 'example.test' })).toBe('cookie.name');
    expect(() => resolveCookie({ name: '__Host-s', path: '/app' })).toThrow(
      /__Host- cookie must have path '\/'/,
    );
    expect(resolveCookie({ name: '__Host-s', secure: true }).name).toBe('__Host-s');
  });

  test('a name, domain or path that RFC 6265 forbids is refused', () => {
    expect(refusedOption({ name: 'bad name' })).toBe('cookie');
    expect(refusedOption({ domain: 'exa mple.test' })).toBe('cookie');
    expect(refusedOption({ path: '/a;b' })).toBe('cookie');
    expect(() => resolveCookie({ name: 'bad name' })).toThrow(/Invalid session cookie/);
  });

  test('values outside the allowed sets are refused, naming the option', () => {
    expect(refusedOption({ secure: 'yes' as unknown as boolean })).toBe('cookie.secure');
    expect(refusedOption({ sameSite: 'loose' as unknown as 'lax' })).toBe('cookie.sameSite');
  });
});
