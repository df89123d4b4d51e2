import { randomBytes } from 'node:crypto';
import { realisticSessionData } from '@vial/driver-test-suite/fixtures';

/** One day, the session lifetime every subject uses, ms. */
export const DAY_MS = 86_400_000;

/** Builds the data of session `seed`: what every subject stores for that session. */
export type Payload = (seed: number) => Record<string, unknown>;

/**
 * The benchmark payload of session `seed`: `realisticSessionData()` of the
 * driver test suite, about 650 bytes of JSON in 10 fields (user id, roles,
 * CSRF token, a date, a 3-item cart, flash messages, preferences).
 */
export const sessionData: Payload = realisticSessionData;

/**
 * The realistic payload plus a `note` field of `noteChars` characters
 * (random base64url, different in every session, so that nothing is shared
 * or compresses): a large session of which each cycle changes one small field.
 */
export function sizedSessionData(noteChars: number): Payload {
  return (seed) => ({
    ...sessionData(seed),
    note: randomBytes(Math.ceil((noteChars * 3) / 4))
      .toString('base64url')
      .slice(0, noteChars),
  });
}

/** The `cookie` object express-session keeps in each stored session (as JSON, 1 day, httpOnly). */
export function expressCookieJson(now = Date.now()): Record<string, unknown> {
  return {
    originalMaxAge: DAY_MS,
    expires: new Date(now + DAY_MS).toISOString(),
    httpOnly: true,
    path: '/',
  };
}

/** A session object as express-session hands it to its store: the cookie plus the data. */
export function expressSessionObject(
  seed: number,
  payload: Payload = sessionData,
): Record<string, unknown> {
  return { cookie: expressCookieJson(), ...payload(seed) };
}
