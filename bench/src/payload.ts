import { realisticSessionData } from '@vial/driver-test-suite/fixtures';

/** One day, the session lifetime every subject uses, ms. */
export const DAY_MS = 86_400_000;

/**
 * The benchmark payload of session `seed`: about 650 bytes of JSON in 10
 * fields (user id, roles, CSRF token, a date, a 3-item cart, flash messages,
 * preferences), from `@vial/driver-test-suite`.
 */
export function sessionData(seed: number): Record<string, unknown> {
  return realisticSessionData(seed);
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
export function expressSessionObject(seed: number): Record<string, unknown> {
  return { cookie: expressCookieJson(), ...sessionData(seed) };
}
