import { InvalidOptionError, type SessionData, type Vial } from '@vial/core';
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
   * request came over HTTPS: the request URL's scheme, or with `proxy: true`
   * the first `X-Forwarded-Proto` value.
   */
  secure?: boolean | 'auto';
  /** The `HttpOnly` attribute: page scripts cannot read the cookie. Default `true`. */
  httpOnly?: boolean;
  /** The `SameSite` attribute. Default `'lax'`; `false` leaves it out. `'none'` needs `secure`. */
  sameSite?: 'lax' | 'strict' | 'none' | false;
  /** The `Partitioned` attribute (CHIPS), for cookies in third-party frames. Needs `secure`. Default `false`. */
  partitioned?: boolean;
  /**
   * `true` (the default): the cookie expires when the session does, and is
   * refreshed whenever the session's expiry moves, so cookie and store never
   * drift (a session that never expires gets the longest cookie browsers keep,
   * 400 days). `false`: a browser-session cookie without an expiry, dropped
   * when the browser closes; the store still expires the session on its own.
   */
  persistent?: boolean;
}

/** Options of `vialSession()`. */
export interface VialSessionOptions<Data extends SessionData = SessionData> {
  /** The store: `new Vial<Data>({ driver, ttl, ... })`. Required. */
  vial: Vial<Data>;
  /** The session cookie's name and attributes. */
  cookie?: SessionCookieOptions;
  /**
   * Signs the cookie with HMAC-SHA256. One secret, or a list for rotation:
   * cookies are signed with the first and accepted when signed with any (and
   * then re-signed with the first). Each secret needs at least 16 characters;
   * use 32 random bytes. Optional: a vial token already carries a 128-bit
   * secret that the store checks; a signature adds a second key kept outside
   * the store, and turns a forged cookie away before any storage call.
   */
  secret?: string | readonly string[];
  /**
   * Defer the load until the route asks for it with
   * `await c.var.loadSession()`, so routes that rarely need the session cost
   * no storage call. Until then `c.var.session` is `undefined`. Default
   * `false`: a request with a session cookie is loaded (one round trip)
   * before the next handler runs.
   */
  lazy?: boolean;
  /**
   * Trust the `X-Forwarded-Proto` header for `cookie.secure: 'auto'`: set it
   * when the app runs behind a TLS-terminating proxy that sets the header.
   * Default `false`.
   */
  proxy?: boolean;
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

/** {@link VialSessionOptions} after validation. */
export interface ResolvedSessionOptions {
  readonly cookie: ResolvedCookie;
  /** Empty when the cookie is not signed. */
  readonly secrets: readonly string[];
  readonly lazy: boolean;
  readonly proxy: boolean;
}

const MIN_SECRET_LENGTH = 16;
const SAME_SITE = new Set(['lax', 'strict', 'none', false]);

/** Validates the options once, when the middleware is built; every error names the option. */
export function resolveSessionOptions<Data extends SessionData>(
  options: VialSessionOptions<Data>,
): ResolvedSessionOptions {
  if (options === null || typeof options !== 'object' || typeof options.vial?.load !== 'function') {
    throw new InvalidOptionError(
      'vial',
      'vialSession() needs { vial }: the store, such as new Vial({ driver: memoryDriver() })',
    );
  }
  const cookie = resolveCookie(options.cookie ?? {});
  return {
    cookie,
    secrets: resolveSecrets(options.secret),
    lazy: options.lazy === true,
    proxy: options.proxy === true,
  };
}

function resolveCookie(options: SessionCookieOptions): ResolvedCookie {
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

function resolveSecrets(secret: string | readonly string[] | undefined): readonly string[] {
  if (secret === undefined) return [];
  const secrets = typeof secret === 'string' ? [secret] : [...secret];
  if (secrets.length === 0) {
    throw new InvalidOptionError(
      'secret',
      'secret must be a string or a non-empty list of strings; leave it out to not sign cookies',
    );
  }
  for (const value of secrets) {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) {
      throw new InvalidOptionError(
        'secret',
        `Each cookie secret must be a string of at least ${MIN_SECRET_LENGTH} characters (32 random bytes recommended); got ${typeof value === 'string' ? `${value.length} characters` : typeof value}`,
      );
    }
  }
  return secrets;
}
