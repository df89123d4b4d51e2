import type { Session } from '@vial/core';
import { clearingCookie, type IncomingToken, readToken, sessionCookie } from './cookie-header.js';
import type { ResolvedHttpOptions } from './options.js';
import { type CookieAction, MUST_SAVE, type SettleContext, settle, settleNow } from './settle.js';

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
  /**
   * {@link SessionRequest.finish} without waiting, for a session with nothing
   * to save (read-only requests): the `Set-Cookie` value or `null`, as
   * `finish` would give it; `undefined` when there is something to save, and
   * only `finish` can end the request.
   */
  finishNow(
    session: Session<Data> | undefined,
    isHttps: () => boolean,
    refresh?: boolean,
  ): string | null | undefined;
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
      return cookieFor(await settle(session, context(refresh)), isHttps);
    },
    finishNow(session, isHttps, refresh = false) {
      const action = settleNow(session, context(refresh));
      return action === MUST_SAVE ? undefined : cookieFor(action, isHttps);
    },
  };

  function context(refresh: boolean): SettleContext {
    return { incoming, persistent: settings.cookie.persistent, refresh };
  }

  function cookieFor(action: CookieAction, isHttps: () => boolean): string | null {
    if (action === null) return null;
    const { cookie } = settings;
    const https = cookie.secure === 'auto' ? isHttps() : cookie.secure;
    if (action.kind === 'clear') return clearingCookie(https, settings);
    const now = settings.vial.now();
    return sessionCookie(
      action.token,
      action.expiresAt,
      https,
      settings,
      now,
      incoming,
      action.persistent,
    );
  }
}
