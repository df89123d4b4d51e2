import { parse, parseSetCookie, serialize } from 'cookie';
import { describe, expect, test } from 'vitest';
import { encodeExpiry } from '../src/cookie-expiry.js';
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

/** httpOnly, partitioned, secure. */
const COMBINATIONS: ReadonlyArray<readonly [boolean, boolean, boolean]> = [
  [true, false, false],
  [false, true, true],
  [true, true, true],
];

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
      signedValue: sign(TOKEN, CURRENT),
    });
    expect(readToken(`vial=${sign(TOKEN, OLD)}`, signed)).toEqual({
      present: true,
      token: TOKEN,
      resign: true,
    });
  });

  test('the expiry a cookie value records after ~ is read, signed or not, and a garbled one ignored', () => {
    const at = NOW + 3_600_000;
    expect(readToken(`vial=${TOKEN}~${encodeExpiry(at)}`, settings())).toMatchObject({
      token: TOKEN,
      expiresAt: at,
    });
    const signed = settings({}, [CURRENT]);
    expect(readToken(`vial=${sign(TOKEN, CURRENT)}~${encodeExpiry(at)}`, signed)).toMatchObject({
      token: TOKEN,
      expiresAt: at,
      signedValue: sign(TOKEN, CURRENT),
    });
    expect(readToken(`vial=${TOKEN}~NOT-AN-EXPIRY`, settings())).toEqual({
      present: true,
      token: TOKEN,
      resign: false,
    });
  });

  test('the cookie is found as cookie.parse finds it: trimmed, decoded, first of its name', () => {
    const headers = [
      `vial=${TOKEN}`,
      ` \tvial \t= ${TOKEN} \t; other=1`,
      `xvial=1; vialx=2; vial=${TOKEN}`,
      `novalue; vial=${TOKEN}; vial=second`,
      `a=1;vial=${encodeURIComponent('per%cent ~x')};b=2`,
      'vial=%E0%A4%A; x=1',
      'vial=; x=1',
      'vial',
      'other=1; ; =; vial=last',
    ];
    for (const header of headers) {
      const expected = parse(header).vial;
      const read = readToken(header, settings());
      expect(read.present, header).toBe(expected !== undefined);
      if (expected !== undefined) {
        expect(read.token, header).toBe(
          expected.includes('~') ? expected.slice(0, expected.lastIndexOf('~')) : expected,
        );
      }
    }
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
  test('a persistent cookie expires at the given time, which its value records; Max-Age rounds up', () => {
    const expiresAt = new Date(NOW + 1_800_500);
    const line = sessionCookie(TOKEN, expiresAt, false, settings(), NOW);
    expect(parseSetCookie(line)).toEqual({
      name: 'vial',
      value: `${TOKEN}~${encodeExpiry(expiresAt.getTime())}`,
      maxAge: 1801,
      expires: new Date(NOW + 1_801_000),
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
    });
    expect(readToken(line.split(';')[0], settings())).toMatchObject({
      token: TOKEN,
      expiresAt: NOW + 1_860_000, // recorded in whole minutes, rounded up
    });
  });

  test('the line is the one cookie.serialize writes, for every combination of attributes', () => {
    const expiresAt = new Date(NOW + 7_200_000);
    for (const sameSite of ['lax', 'strict', 'none', false] as const) {
      for (const [httpOnly, partitioned, secure] of COMBINATIONS) {
        for (const domain of [undefined, 'example.test']) {
          const options = { sameSite, httpOnly, partitioned, domain, path: '/app' };
          const attributes = {
            ...options,
            secure,
            sameSite: sameSite === false ? undefined : sameSite,
            partitioned: partitioned || undefined,
          };
          const persistent = settings(options);
          const value = `${TOKEN}~${encodeExpiry(expiresAt.getTime())}`;
          expect(sessionCookie(TOKEN, expiresAt, secure, persistent, NOW)).toBe(
            serialize('vial', value, { ...attributes, maxAge: 7200, expires: expiresAt }),
          );
          const session = settings({ ...options, persistent: false });
          expect(sessionCookie(TOKEN, expiresAt, secure, session, NOW)).toBe(
            serialize('vial', TOKEN, attributes),
          );
          expect(clearingCookie(secure, persistent)).toBe(
            serialize('vial', '', { ...attributes, maxAge: 0, expires: new Date(0) }),
          );
        }
      }
    }
  });

  test("the incoming cookie's signature is sent again for the same token, not for another", () => {
    const signed = settings({ persistent: false }, [CURRENT]);
    const incoming = { present: true, token: TOKEN, resign: false, signedValue: `${TOKEN}.kept` };
    expect(sessionCookie(TOKEN, null, false, signed, NOW, incoming)).toMatch(
      new RegExp(`^vial=${TOKEN}\\.kept;`),
    );
    const other = 'CCCCCCCCCCCCCCCCCCCCCC.DDDDDDDDDDDDDDDDDDDDDD';
    expect(sessionCookie(other, null, false, signed, NOW, incoming)).toMatch(
      new RegExp(`^vial=${sign(other, CURRENT).replace('.', '\\.')};`),
    );
  });

  test('a session that never expires gets the longest cookie browsers keep, 400 days', () => {
    const parsed = parseSetCookie(sessionCookie(TOKEN, null, false, settings(), NOW));
    expect(parsed.maxAge).toBe(400 * 24 * 60 * 60);
    expect(parsed.expires?.getTime()).toBe(NOW + 400 * 24 * 60 * 60 * 1000);
  });

  test('an expiry beyond 400 days is capped to what browsers keep, and still recorded in full', () => {
    const far = NOW + 401 * 86_400_000;
    const line = sessionCookie(TOKEN, new Date(far), false, settings(), NOW);
    const parsed = parseSetCookie(line);
    expect(parsed.maxAge).toBe(400 * 24 * 60 * 60);
    expect(parsed.expires?.getTime()).toBe(NOW + 400 * 86_400_000);
    expect(readToken(line.split(';')[0], settings()).expiresAt).toBe(far);
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
      NOW,
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
      NOW,
    );
    expect(line).toBe(
      `__Secure-s=${sign(TOKEN, CURRENT)}; Domain=example.test; Path=/; Secure; Partitioned; SameSite=None`,
    );
  });

  test('sameSite: false leaves the attribute out', () => {
    expect(
      sessionCookie(TOKEN, null, false, settings({ sameSite: false, persistent: false }), NOW),
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
