import type { Session, SessionData } from '@vial/core';
import type { Context, MiddlewareHandler } from 'hono';
import { clearingCookie, readToken, sessionCookie } from './cookie-header.js';
import {
  type ResolvedSessionOptions,
  resolveSessionOptions,
  type VialSessionOptions,
} from './options.js';
import { settle } from './settle.js';

/**
 * The variables `vialSession()` sets, for `new Hono<VialEnv<Data>>()`:
 * `c.var.session` and `c.var.loadSession()`.
 */
export interface VialEnv<Data extends SessionData = SessionData> {
  Variables: {
    /**
     * This request's session: loaded from the cookie, or new. Set a new one
     * (`c.set('session', vial.session())`) after destroying the old one to
     * start afresh in the same request. `undefined` with `lazy` until
     * `loadSession()` resolved.
     */
    session: Session<Data>;
    /**
     * Resolves to the session, loading it first with `lazy` (one round trip,
     * once per request). Rejects with `StorageUnavailableError` when the
     * store fails.
     */
    loadSession: () => Promise<Session<Data>>;
  };
}

/**
 * Sessions for Hono on Node.js.
 *
 * ```ts
 * const app = new Hono<VialEnv<Data>>();
 * app.use(vialSession({ vial }));
 * app.post('/cart', async (c) => {
 *   c.var.session.set('cart', [...(c.var.session.get('cart') ?? []), 'kettle']);
 *   return c.redirect('/cart'); // saved, and the cookie set, before the response goes out
 * });
 * ```
 *
 * A request without the session cookie costs no storage call; one with the
 * cookie costs one load (none with `lazy` until `loadSession()`). After the
 * handlers ran, the session is saved if it changed and the cookie set,
 * refreshed or cleared. A failing load or save is thrown, so `app.onError`
 * answers it: an outage never looks like a signed-out user.
 */
export function vialSession<Data extends SessionData>(
  options: VialSessionOptions<Data>,
): MiddlewareHandler<VialEnv<Data>> {
  const settings = resolveSessionOptions(options);
  const { vial } = options;
  return async function vialSessionMiddleware(c, next) {
    const incoming = readToken(c.req.header('cookie'), settings);
    let loading: Promise<Session<Data>> | undefined;
    const loadSession = (): Promise<Session<Data>> => {
      loading ??= (
        incoming.token === null ? Promise.resolve(vial.session()) : vial.load(incoming.token)
      ).then((session) => {
        if (c.get('session') === undefined) c.set('session', session);
        return c.get('session');
      });
      return loading;
    };
    c.set('loadSession', loadSession);
    if (!settings.lazy) await loadSession();
    await next();
    const session = c.get('session') as Session<Data> | undefined;
    const action = await settle(session, incoming, settings.cookie.persistent);
    if (action === null) return;
    const secure = isSecure(c, settings);
    c.header(
      'Set-Cookie',
      action.kind === 'set'
        ? sessionCookie(action.token, action.expiresAt, secure, settings)
        : clearingCookie(secure, settings),
      { append: true },
    );
  };
}

function isSecure(c: Context, settings: ResolvedSessionOptions): boolean {
  const { secure } = settings.cookie;
  if (secure !== 'auto') return secure;
  if (settings.proxy) {
    const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
    if (forwarded !== undefined && forwarded !== '') return forwarded === 'https';
  }
  return new URL(c.req.url).protocol === 'https:';
}
