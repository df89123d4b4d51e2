import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Session } from '@vial/core';
import { beginRequest, resolveHttpOptions } from '@vial/http';
import { holdResponse } from './hold-response.js';
import type { VialSessionOptions } from './options.js';

/** A Connect-style middleware: Express 4 and 5 `app.use()` it, plain `node:http` calls it. */
export type VialMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

const MOUNTED = Symbol('vial.session');

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
  const { vial } = settings;
  return function vialSessionMiddleware(req, res, next) {
    const request = req as IncomingMessage & { [MOUNTED]?: true };
    if (request[MOUNTED]) {
      next();
      return;
    }
    request[MOUNTED] = true;
    const session = beginRequest(settings, req.headers.cookie);
    let current: Session<Data> | undefined;
    const loadSession = (): Promise<Session<Data>> =>
      session.load().then((loaded) => {
        current ??= loaded;
        return current;
      });
    Object.defineProperty(req, 'session', {
      configurable: true,
      enumerable: true,
      get() {
        if (current === undefined) throw notLoaded(settings.lazy);
        return current;
      },
      set(replacement: Session<Data>) {
        current = replacement;
      },
    });
    Object.defineProperty(req, 'loadSession', { configurable: true, value: loadSession });

    holdResponse(
      res,
      async () => {
        const setCookie = await session.finish(current, () => isSecure(req));
        if (setCookie !== null && !res.headersSent) appendSetCookie(res, setCookie);
      },
      next,
    );

    if (settings.lazy || session.incoming.token === null) {
      // No cookie: a new session, built synchronously, without any storage call.
      if (!settings.lazy) current = vial.session();
      next();
      return;
    }
    loadSession().then(() => next(), next);
  };
}

function notLoaded(lazy: boolean): Error {
  return new Error(
    lazy
      ? 'req.session is not loaded yet: with vialSession({ lazy: true }), call `await req.loadSession()` first'
      : 'req.session is not available: the session failed to load (see the error passed to next())',
  );
}

/** Express's `req.secure` follows `trust proxy`; plain node:http only knows whether the socket is TLS. */
function isSecure(req: IncomingMessage): boolean {
  const expressSecure = (req as { secure?: unknown }).secure;
  if (typeof expressSecure === 'boolean') return expressSecure;
  return (req.socket as TLSSocket).encrypted === true;
}

/** Adds a Set-Cookie value, keeping the ones the app already set. */
function appendSetCookie(res: ServerResponse, value: string): void {
  const existing = res.getHeader('Set-Cookie');
  if (existing === undefined) res.setHeader('Set-Cookie', value);
  else if (Array.isArray(existing)) res.setHeader('Set-Cookie', [...existing, value]);
  else res.setHeader('Set-Cookie', [String(existing), value]);
}
