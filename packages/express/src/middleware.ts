import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Session, SessionData } from '@vial/core';
import { clearingCookie, readToken, sessionCookie } from './cookie-header.js';
import { holdResponse } from './hold-response.js';
import {
  type ResolvedSessionOptions,
  resolveSessionOptions,
  type VialSessionOptions,
} from './options.js';
import { settle } from './settle.js';

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
 * changed and the cookie is set, refreshed or cleared; a failing save goes to
 * the error handler (`next(err)`) while the headers are still unsent. A
 * failing load goes there too: an outage never looks like a signed-out user.
 */
export function vialSession<Data extends SessionData>(
  options: VialSessionOptions<Data>,
): VialMiddleware {
  const settings = resolveSessionOptions(options);
  const { vial } = options;
  return function vialSessionMiddleware(req, res, next) {
    const request = req as IncomingMessage & { [MOUNTED]?: true };
    if (request[MOUNTED]) {
      next();
      return;
    }
    request[MOUNTED] = true;
    const incoming = readToken(req.headers.cookie, settings);
    let current: Session<Data> | undefined;
    let loading: Promise<Session<Data>> | undefined;
    const loadSession = (): Promise<Session<Data>> => {
      loading ??= (
        incoming.token === null ? Promise.resolve(vial.session()) : vial.load(incoming.token)
      ).then((session) => {
        current ??= session;
        return current;
      });
      return loading;
    };
    Object.defineProperty(req, 'session', {
      configurable: true,
      enumerable: true,
      get() {
        if (current === undefined) throw notLoaded(settings);
        return current;
      },
      set(session: Session<Data>) {
        current = session;
      },
    });
    Object.defineProperty(req, 'loadSession', { configurable: true, value: loadSession });

    holdResponse(
      res,
      async () => {
        const action = await settle(current, incoming, settings.cookie.persistent);
        if (action === null || res.headersSent) return;
        const secure = isSecure(req, settings);
        appendSetCookie(
          res,
          action.kind === 'set'
            ? sessionCookie(action.token, action.expiresAt, secure, settings)
            : clearingCookie(secure, settings),
        );
      },
      next,
    );

    if (settings.lazy || incoming.token === null) {
      // No cookie: a new session, built synchronously, without any storage call.
      if (!settings.lazy) current = vial.session();
      next();
      return;
    }
    loadSession().then(() => next(), next);
  };
}

function notLoaded(settings: ResolvedSessionOptions): Error {
  return new Error(
    settings.lazy
      ? 'req.session is not loaded yet: with vialSession({ lazy: true }), call `await req.loadSession()` first'
      : 'req.session is not available: the session failed to load (see the error passed to next())',
  );
}

/** Express's `req.secure` follows `trust proxy`; plain node:http only knows whether the socket is TLS. */
function isSecure(req: IncomingMessage, settings: ResolvedSessionOptions): boolean {
  const { secure } = settings.cookie;
  if (secure !== 'auto') return secure;
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
