import { InvalidOptionError, type SessionData, type Vial } from '@vial/core';
import { type ResolvedCookie, resolveCookie, type SessionCookieOptions } from './cookie-options.js';
import { ADAPTER_OPTIONS, type OptionRules, refuseUnknownOptions } from './option-check.js';
import { resolveSecrets } from './signing.js';

/** The options every vial framework adapter takes; adapters extend it with their own. */
export interface HttpSessionOptions<Data extends object = SessionData> {
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
   * Defer the load until the route asks for it, so routes that rarely need
   * the session cost no storage call. Default `false`: a request with a
   * session cookie is loaded (one round trip) before the next handler runs.
   */
  lazy?: boolean;
}

/** {@link HttpSessionOptions} after validation. */
export interface ResolvedHttpOptions<Data extends object = SessionData> {
  readonly vial: Vial<Data>;
  readonly cookie: ResolvedCookie;
  /** Empty when the cookie is not signed; the first one signs. */
  readonly secrets: readonly string[];
  readonly lazy: boolean;
}

/**
 * Validates the options once, when a middleware is built; every error is an
 * `InvalidOptionError` naming the option. `factory` names the caller in the
 * messages. An option not in `rules.known` (by default the four above),
 * and an unknown cookie attribute, are refused with the hint `rules` has
 * for them, so that every adapter answers express-session's and
 * @fastify/session's options alike.
 */
export function resolveHttpOptions<Data extends object>(
  options: HttpSessionOptions<Data>,
  factory = 'vialSession()',
  rules: OptionRules = ADAPTER_OPTIONS,
): ResolvedHttpOptions<Data> {
  if (options === null || typeof options !== 'object' || typeof options.vial?.load !== 'function') {
    throw new InvalidOptionError(
      'vial',
      `${factory} needs { vial }: the store, such as new Vial({ driver: memoryDriver() })`,
    );
  }
  refuseUnknownOptions(factory, options, rules.known, rules.hints);
  return {
    vial: options.vial,
    cookie: resolveCookie(options.cookie),
    secrets: resolveSecrets(options.secret),
    lazy: options.lazy === true,
  };
}
