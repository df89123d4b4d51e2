import { InvalidOptionError } from '@vial/core';
import { serialize } from 'cookie';

/** Attributes of the session cookie. */
export interface SessionCookieOptions {
  /**
   * The cookie's name. Default `'vial'`. A `__Host-` prefix (`'__Host-vial'`)
   * pins the cookie to this exact host over HTTPS; it needs `secure`, `path: '/'`
   * and no `domain`.
   */
  name?: string;
  /** The `Domain` attribute. Default: none, so the cookie goes to this host only. */
  domain?: string;
  /** The `Path` attribute. Default `'/'`. */
  path?: string;
  /**
   * The `Secure` attribute. `'auto'` (the default) sets it exactly when the
   * request came over HTTPS, as the framework adapter tells (Express:
   * `req.secure`, which follows `trust proxy`; Hono: the URL's scheme, or
   * `X-Forwarded-Proto` with `proxy: true`).
   */
  secure?: boolean | 'auto';
  /** The `HttpOnly` attribute: page scripts cannot read the cookie. Default `true`. */
  httpOnly?: boolean;
  /**
   * The `SameSite` attribute. Default `'lax'`; `false` leaves it out.
   * `'none'` needs Secure: with `secure: 'auto'` the cookie is then always
   * Secure, and `secure: false` is refused.
   */
  sameSite?: 'lax' | 'strict' | 'none' | false;
  /** The `Partitioned` attribute (CHIPS), for cookies in third-party frames. Always Secure, as `sameSite: 'none'`. Default `false`. */
  partitioned?: boolean;
  /**
   * `true` (the default): the cookie expires with the session, rounded up to
   * a refresh step of 1 % of the session's lifetime (at least a minute), and
   * is set again once the session's expiry moved past it, so the cookie never
   * expires before the session and outlives it by less than a step (a
   * session that never expires gets the longest cookie browsers keep, 400
   * days). `false`: a browser-session cookie without an expiry, dropped when
   * the browser closes; the store still expires the session on its own.
   */
  persistent?: boolean;
}

/** The cookie attributes after defaults, the `Secure` choice still open when `'auto'`. */
export interface ResolvedCookie {
  readonly name: string;
  readonly domain: string | undefined;
  readonly path: string;
  readonly secure: boolean | 'auto';
  readonly httpOnly: boolean;
  readonly sameSite: 'lax' | 'strict' | 'none' | false;
  readonly partitioned: boolean;
  readonly persistent: boolean;
}

const SAME_SITE = new Set(['lax', 'strict', 'none', false]);

/**
 * Fills in the defaults and refuses combinations browsers would drop
 * silently (`SameSite=None` with `secure: false`, a `__Host-` cookie with a
 * domain, ...); a cookie browsers keep only when Secure (`SameSite=None`,
 * `Partitioned`, a `__Host-` or `__Secure-` name) is Secure under `'auto'`.
 * Throws an `InvalidOptionError` naming the option.
 */
export function resolveCookie(options: SessionCookieOptions = {}): ResolvedCookie {
  const name = options.name ?? 'vial';
  const sameSite = options.sameSite ?? 'lax';
  const partitioned = options.partitioned ?? false;
  const secure = options.secure ?? 'auto';
  if (secure !== true && secure !== false && secure !== 'auto') {
    throw new InvalidOptionError(
      'cookie.secure',
      `cookie.secure must be true, false or 'auto'; got ${String(secure)}`,
    );
  }
  if (!SAME_SITE.has(sameSite)) {
    throw new InvalidOptionError(
      'cookie.sameSite',
      `cookie.sameSite must be 'lax', 'strict', 'none' or false; got ${String(sameSite)}`,
    );
  }
  const hostOnly = name.startsWith('__Host-');
  const prefixed = hostOnly || name.startsWith('__Secure-');
  if (secure === false && (sameSite === 'none' || partitioned)) {
    throw new InvalidOptionError(
      'cookie.secure',
      "Browsers drop a cookie with SameSite=None or Partitioned unless it is Secure: set cookie.secure to true or 'auto'",
    );
  }
  if (prefixed && secure === false) {
    throw new InvalidOptionError(
      'cookie.secure',
      `A cookie named ${name} must be Secure: set cookie.secure to true or 'auto'`,
    );
  }
  const cookie: ResolvedCookie = {
    name,
    domain: options.domain,
    path: options.path ?? '/',
    // A cookie browsers keep only when Secure is always sent Secure, even over plain HTTP
    // (as on http://localhost, which browsers treat as secure, or behind an untrusted proxy).
    secure: secure === 'auto' && (sameSite === 'none' || partitioned || prefixed) ? true : secure,
    httpOnly: options.httpOnly ?? true,
    sameSite,
    partitioned,
    persistent: options.persistent ?? true,
  };
  if (hostOnly && (cookie.path !== '/' || cookie.domain !== undefined)) {
    throw new InvalidOptionError(
      'cookie.name',
      `A __Host- cookie must have path '/' and no domain; got path ${JSON.stringify(cookie.path)}, domain ${JSON.stringify(cookie.domain)}`,
    );
  }
  try {
    // The cookie package checks the name, domain and path against RFC 6265.
    serialize(cookie.name, '', { domain: cookie.domain, path: cookie.path });
  } catch (error) {
    throw new InvalidOptionError('cookie', `Invalid session cookie: ${(error as Error).message}`);
  }
  return cookie;
}
