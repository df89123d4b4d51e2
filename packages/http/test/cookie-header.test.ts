import { parseSetCookie } from 'cookie';
import { describe, expect, test } from 'vitest';
import {
  type CookieSettings,
  clearingCookie,
  readToken,
  sessionCookie,
} from '../src/cookie-header.js';
import { resolveCookie, type SessionCookieOptions } from '../src/cookie-options.js';
import { sign } from '../src/signing.js';

const CURRENT = 'a-new-secret-of-32-characters!!!';
const OLD = 'an-old-secret-of-32-characters!!';
const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBB';
const NOW = Date.UTC(2030, 0, 1);

function settings(cookie: SessionCookieOptions = {}, secrets: string[] = []): CookieSettings {
  return { cookie: resolveCookie(cookie), secrets };
}

describe('readToken', () => {
  test('a request without the session cookie has no token and nothing to clear', () => {
    const none = { present: false, token: null, resign: false };
    expect(readToken(undefined, settings())).toEqual(none);
    expect(readToken(null, settings())).toEqual(none);
    expect(readToken('', settings())).toEqual(none);
    expect(readToken('other=1; theme=dark', settings())).toEqual(none);
  });

  test('an unsigned cookie is the token, found among other cookies by its configured name', () => {
    expect(readToken(`a=1; sid=${TOKEN}; b=2`, settings({ name: 'sid' }))).toEqual({
      present: true,
      token: TOKEN,
      resign: false,
    });
  });

  test('a signed cookie gives its token; one signed with an older secret asks to be re-signed', () => {
    const signed = settings({}, [CURRENT, OLD]);
    expect(readToken(`vial=${sign(TOKEN, CURRENT)}`, signed)).toEqual({
      present: true,
      token: TOKEN,
      resign: false,
    });
    expect(readToken(`vial=${sign(TOKEN, OLD)}`, signed)).toEqual({
      present: true,
      token: TOKEN,
      resign: true,
    });
  });

  test('a badly signed or unsigned cookie, when signing is on, is present but opens nothing', () => {
    const signed = settings({}, [CURRENT]);
    expect(readToken(`vial=${TOKEN}`, signed)).toEqual({
      present: true,
      token: null,
      resign: false,
    });
    expect(readToken(`vial=${sign(TOKEN, OLD)}`, signed).token).toBeNull();
  });
});

describe('sessionCookie', () => {
  test('a persistent cookie expires with the session: Max-Age in whole seconds and Expires', () => {
    const expiresAt = new Date(NOW + 1_800_500);
    const line = sessionCookie(TOKEN, expiresAt, false, settings(), NOW);
    expect(parseSetCookie(line)).toEqual({
      name: 'vial',
      value: TOKEN,
      maxAge: 1800,
      expires: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000),
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
    });
  });

  test('a session that never expires gets the longest cookie browsers keep, 400 days', () => {
    const parsed = parseSetCookie(sessionCookie(TOKEN, null, false, settings(), NOW));
    expect(parsed.maxAge).toBe(400 * 24 * 60 * 60);
    expect(parsed.expires?.getTime()).toBe(NOW + 400 * 24 * 60 * 60 * 1000);
  });

  test('an expiry already past gives Max-Age 0 rather than a negative one', () => {
    const parsed = parseSetCookie(
      sessionCookie(TOKEN, new Date(NOW - 5000), false, settings(), NOW),
    );
    expect(parsed.maxAge).toBe(0);
  });

  test('a browser-session cookie carries no expiry at all', () => {
    const line = sessionCookie(
      TOKEN,
      new Date(NOW + 60_000),
      true,
      settings({ persistent: false }),
    );
    expect(line).toBe(`vial=${TOKEN}; Path=/; HttpOnly; Secure; SameSite=Lax`);
  });

  test('with secrets the value is signed with the first; every attribute is applied', () => {
    const line = sessionCookie(
      TOKEN,
      null,
      true,
      settings(
        {
          name: '__Secure-s',
          domain: 'example.test',
          sameSite: 'none',
          partitioned: true,
          httpOnly: false,
          persistent: false,
        },
        [CURRENT, OLD],
      ),
    );
    expect(line).toBe(
      `__Secure-s=${sign(TOKEN, CURRENT)}; Domain=example.test; Path=/; Secure; Partitioned; SameSite=None`,
    );
  });

  test('sameSite: false leaves the attribute out', () => {
    expect(
      sessionCookie(TOKEN, null, false, settings({ sameSite: false, persistent: false })),
    ).toBe(`vial=${TOKEN}; Path=/; HttpOnly`);
  });
});

test('clearingCookie empties the cookie with the same name, path and domain, expired at once', () => {
  const line = clearingCookie(true, settings({ domain: 'example.test', path: '/app' }));
  expect(parseSetCookie(line)).toMatchObject({
    name: 'vial',
    value: '',
    maxAge: 0,
    expires: new Date(0),
    domain: 'example.test',
    path: '/app',
    secure: true,
  });
});
