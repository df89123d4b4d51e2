import { randomBytes } from 'node:crypto';

/** One day, the session lifetime every subject uses, ms. */
export const DAY_MS = 86_400_000;

/** Builds the data of session `seed`: what every subject stores for that session. */
export type Payload = (seed: number) => Record<string, unknown>;

/**
 * The benchmark payload of session `seed`: about 650 bytes of JSON in 10
 * fields (user id, roles, CSRF token, a date, a 3-item cart, flash messages,
 * preferences). A copy of `realisticSessionData()` of
 * `@vial/driver-test-suite/fixtures`, which does not build on every branch.
 */
export function sessionData(seed: number): Record<string, unknown> {
  return {
    userId: `user-${100000 + seed}`,
    roles: ['customer', 'beta-tester', 'newsletter'],
    csrfToken: 'b7c1e0f4a9d24c6e8f3a1b5d7e9c2f4a6b8d0e2f4a6c8e0b1d3f5a7c9e1b3d5f7',
    signedInAt: '2026-11-26T09:15:42.123Z',
    cart: [
      { sku: 'SKU-100231', name: 'Espresso cup, white porcelain', qty: 2, price: 1299 },
      { sku: 'SKU-200547', name: 'Pour-over kettle, 1 litre', qty: 1, price: 4599 },
      { sku: 'SKU-300982', name: 'Whole beans, Ethiopia Yirgacheffe', qty: 3, price: 1850 },
    ],
    flash: ['Your cart was saved.', 'Welcome back, Alex! Your order A-10293 has shipped.'],
    locale: 'en-GB',
    theme: 'dark',
    lastPage: '/shop/coffee/brewing-equipment?page=2&sort=price-asc&view=grid',
    visits: 42,
  };
}

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
