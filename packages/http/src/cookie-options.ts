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
  /** The `SameSite` attribute. Default `'lax'`; `false` leaves it out. `'none'` needs `secure`. */
  sameSite?: 'lax' | 'strict' | 'none' | false;
  /** The `Partitioned` attribute (CHIPS), for cookies in third-party frames. Needs `secure`. Default `false`. */
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
 * silently (`SameSite=None` without `Secure`, a `__Host-` cookie with a
 * domain, ...). Throws an `InvalidOptionError` naming the option.
 */
export function resolveCookie(options: SessionCookieOptions = {}): ResolvedCookie {
  const cookie: ResolvedCookie = {
    name: options.name ?? 'vial',
    domain: options.domain,
    path: options.path ?? '/',
    secure: options.secure ?? 'auto',
    httpOnly: options.httpOnly ?? true,
    sameSite: options.sameSite ?? 'lax',
    partitioned: options.partitioned ?? false,
    persistent: options.persistent ?? true,
  };
  if (cookie.secure !== true && cookie.secure !== false && cookie.secure !== 'auto') {
    throw new InvalidOptionError(
      'cookie.secure',
      `cookie.secure must be true, false or 'auto'; got ${String(cookie.secure)}`,
    );
  }
  if (!SAME_SITE.has(cookie.sameSite)) {
    throw new InvalidOptionError(
      'cookie.sameSite',
      `cookie.sameSite must be 'lax', 'strict', 'none' or false; got ${String(cookie.sameSite)}`,
    );
  }
  if (cookie.secure === false && (cookie.sameSite === 'none' || cookie.partitioned)) {
    throw new InvalidOptionError(
      'cookie.secure',
      "Browsers drop a cookie with SameSite=None or Partitioned unless it is Secure: set cookie.secure to true or 'auto'",
    );
  }
  const hostOnly = cookie.name.startsWith('__Host-');
  if ((hostOnly || cookie.name.startsWith('__Secure-')) && cookie.secure === false) {
    throw new InvalidOptionError(
      'cookie.secure',
      `A cookie named ${cookie.name} must be Secure: set cookie.secure to true or 'auto'`,
    );
  }
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
