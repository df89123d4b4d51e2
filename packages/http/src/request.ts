import type { Session } from '@vial/core';
import { clearingCookie, type IncomingToken, readToken, sessionCookie } from './cookie-header.js';
import type { ResolvedHttpOptions } from './options.js';
import { settle } from './settle.js';

/** One request's session, from its `Cookie` header to its `Set-Cookie`. */
export interface SessionRequest<Data extends object> {
  /** What the request's session cookie held. */
  readonly incoming: IncomingToken;
  /**
   * The session the cookie names, loaded once per request (later calls share
   * the first load): one storage call, none when the request has no valid
   * cookie (a new session then). Rejects with `StorageUnavailableError` when
   * the store fails, so that an outage never looks like a signed-out user.
   */
  load(): Promise<Session<Data>>;
  /**
   * Ends the request: saves `session` if it changed (see `settle`) and gives
   * the `Set-Cookie` value to send, or `null` for none. `isHttps` is asked
   * only when `cookie.secure` is `'auto'` and a cookie is sent. The cookie's
   * `Max-Age` counts from `vial.now()`, the store's clock. Rejects with the
   * save's error while the response can still become an error page. With
   * `refresh`, a stored session's cookie is set even when unchanged
   * (express-session's `rolling`).
   */
  finish(
    session: Session<Data> | undefined,
    isHttps: () => boolean,
    refresh?: boolean,
  ): Promise<string | null>;
}

/**
 * Starts a request's session handling from its `Cookie` header: the part of
 * every framework adapter that does not depend on the framework.
 *
 * ```ts
 * const request = beginRequest(settings, req.headers.cookie);
 * const session = await request.load();
 * // ... the route uses the session ...
 * const setCookie = await request.finish(session, () => isHttps(req));
 * if (setCookie !== null) res.appendHeader('Set-Cookie', setCookie);
 * ```
 */
export function beginRequest<Data extends object>(
  settings: ResolvedHttpOptions<Data>,
  cookieHeader: string | null | undefined,
): SessionRequest<Data> {
  const incoming = readToken(cookieHeader, settings);
  let loading: Promise<Session<Data>> | undefined;
  return {
    incoming,
    load() {
      loading ??=
        incoming.token === null
          ? Promise.resolve(settings.vial.session())
          : settings.vial.load(incoming.token);
      return loading;
    },
    async finish(session, isHttps, refresh = false) {
      const { cookie } = settings;
      const action = await settle(session, { incoming, persistent: cookie.persistent, refresh });
      if (action === null) return null;
      const https = cookie.secure === 'auto' ? isHttps() : cookie.secure;
      if (action.kind === 'clear') return clearingCookie(https, settings);
      const now = settings.vial.now();
      return sessionCookie(action.token, action.expiresAt, https, settings, now, incoming);
    },
  };
}
