import type { IncomingMessage, ServerResponse } from 'node:http';
import { beginRequest, resolveHttpOptions } from '@vial/http';
import { holderOf, holdResponse } from './hold-response.js';
import type { VialSessionOptions } from './options.js';
import { defineRequestFields, RequestState } from './request-state.js';

/** A Connect-style middleware: Express 4 and 5 `app.use()` it, plain `node:http` calls it. */
export type VialMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Sessions for Express 4 and 5 and Connect-style `node:http` handlers.
 *
 * ```ts
 * const vial = new Vial<Data>({ driver: ioredisDriver(new Redis()), ttl: '1d' });
 * app.use(vialSession({ vial, secret: process.env.COOKIE_SECRET }));
 * app.post('/cart', (req, res) => {
 *   req.session.set('cart', [...(req.session.get('cart') ?? []), req.body.item]);
 *   res.redirect('/cart'); // saved, and the cookie set, before the redirect goes out
 * });
 * ```
 *
 * A request without the session cookie costs no storage call and gets a new
 * `req.session`; one with the cookie costs one load (none with `lazy` until
 * `req.loadSession()`). When the response starts, the session is saved if it
 * changed and the cookie is set, refreshed or cleared (`@vial/http` decides);
 * a failing save goes to the error handler (`next(err)`) while the headers
 * are still unsent. A failing load goes there too: an outage never looks like
 * a signed-out user.
 */
export function vialSession<Data extends object>(
  options: VialSessionOptions<Data>,
): VialMiddleware {
  const settings = resolveHttpOptions(options);
  const { vial, lazy } = settings;
  return function vialSessionMiddleware(req, res, next) {
    const mounted = holderOf(req);
    if (mounted !== undefined) {
      // Mounted twice (on the app and a router): the first one holds the request.
      next(mounted instanceof RequestState ? undefined : bothMounted());
      return;
    }
    const request = beginRequest(settings, req.headers.cookie);
    const state = new RequestState(req, res, request, next, lazy);
    holdResponse(req, res, state);
    defineRequestFields(req);

    if (lazy || request.incoming.token === null) {
      // No cookie: a new session, built synchronously, without any storage call.
      if (!lazy) state.current = vial.session();
      next();
      return;
    }
    state.load().then(() => next(), next);
  };
}

/** Both middlewares would define `req.session`: one request can have one of them. */
export function bothMounted(): Error {
  return new Error(
    'vialSession() and expressSession() both run for this request; mount one of them (expressSession() for apps written for express-session)',
  );
}
