import type { Session, SessionData } from '@vial/core';
import { ADAPTER_OPTIONS, beginRequest, resolveHttpOptions, withOptions } from '@vial/http';
import type { Context, MiddlewareHandler } from 'hono';
import type { VialSessionOptions } from './options.js';

/**
 * The variables `vialSession()` sets, for `new Hono<VialEnv<Data>>()`:
 * `c.var.session` and `c.var.loadSession()`. `Data` may be an `interface` or a `type`.
 */
export interface VialEnv<Data extends object = SessionData> {
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
 * refreshed or cleared (`@vial/http` decides). A failing load or save is
 * thrown, so `app.onError` answers it: an outage never looks like a
 * signed-out user.
 */
export function vialSession<Data extends object>(
  options: VialSessionOptions<Data>,
): MiddlewareHandler<VialEnv<Data>> {
  const settings = resolveHttpOptions(options, 'vialSession()', HONO_OPTIONS);
  const proxy = options.proxy === true;
  return async function vialSessionMiddleware(c, next) {
    const session = beginRequest(settings, c.req.header('cookie'));
    const loadSession = (): Promise<Session<Data>> =>
      session.load().then((loaded) => {
        if (c.get('session') === undefined) c.set('session', loaded);
        return c.get('session');
      });
    c.set('loadSession', loadSession);
    if (!settings.lazy) await loadSession();
    await next();
    const current = c.get('session') as Session<Data> | undefined;
    const setCookie = await session.finish(current, () => isHttps(c, proxy));
    if (setCookie !== null) c.header('Set-Cookie', setCookie, { append: true });
  };
}

const HONO_OPTIONS = withOptions(ADAPTER_OPTIONS, 'proxy');

function isHttps(c: Context, proxy: boolean): boolean {
  if (proxy) {
    const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
    if (forwarded !== undefined && forwarded !== '') return forwarded === 'https';
  }
  return new URL(c.req.url).protocol === 'https:';
}
