import { parse, serialize } from 'cookie';
import type { ResolvedHttpOptions } from './options.js';
import { sign, unsign } from './signing.js';

/** What the request's session cookie holds. */
export interface IncomingToken {
  /** Whether the request carried the session cookie at all, valid or not. */
  readonly present: boolean;
  /** The vial token to load, or `null` (no cookie, or a bad signature). */
  readonly token: string | null;
  /** The cookie was signed with an older secret: send it again signed with the current one. */
  readonly resign: boolean;
}

/** What the cookie functions need of the resolved options. */
export type CookieSettings = Pick<ResolvedHttpOptions, 'cookie' | 'secrets'>;

const NONE: IncomingToken = { present: false, token: null, resign: false };

/** Browsers cap a cookie's lifetime at 400 days; a session without expiry gets that. */
const LONGEST_COOKIE_SECONDS = 400 * 24 * 60 * 60;

/** Reads the session cookie from a `Cookie` request header. */
export function readToken(
  header: string | null | undefined,
  options: CookieSettings,
): IncomingToken {
  if (header === undefined || header === null || header === '') return NONE;
  const value = parse(header)[options.cookie.name];
  if (value === undefined) return NONE;
  if (options.secrets.length === 0) return { present: true, token: value, resign: false };
  const unsigned = unsign(value, options.secrets);
  if (unsigned === null) return { present: true, token: null, resign: false };
  return { present: true, token: unsigned.token, resign: !unsigned.current };
}

/** A `Set-Cookie` value carrying `token`, expiring with the session when the cookie is persistent. */
export function sessionCookie(
  token: string,
  expiresAt: Date | null,
  secure: boolean,
  options: CookieSettings,
  now: number = Date.now(),
): string {
  const { cookie, secrets } = options;
  const value = secrets.length === 0 ? token : sign(token, secrets[0] as string);
  let maxAge: number | undefined;
  let expires: Date | undefined;
  if (cookie.persistent) {
    maxAge =
      expiresAt === null
        ? LONGEST_COOKIE_SECONDS
        : Math.max(0, Math.floor((expiresAt.getTime() - now) / 1000));
    // Max-Age wins where both are understood; Expires is for old clients.
    expires = expiresAt ?? new Date(now + maxAge * 1000);
  }
  return serialize(cookie.name, value, { ...attributes(options, secure), maxAge, expires });
}

/** A `Set-Cookie` value that deletes the session cookie. */
export function clearingCookie(secure: boolean, options: CookieSettings): string {
  return serialize(options.cookie.name, '', {
    ...attributes(options, secure),
    maxAge: 0,
    expires: new Date(0),
  });
}

function attributes(options: CookieSettings, secure: boolean) {
  const { cookie } = options;
  return {
    domain: cookie.domain,
    path: cookie.path,
    httpOnly: cookie.httpOnly,
    secure,
    sameSite: cookie.sameSite === false ? undefined : cookie.sameSite,
    partitioned: cookie.partitioned || undefined,
  };
}
