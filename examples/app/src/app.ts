import type { Session, Vial } from '@vial/core';
import { vialSession } from '@vial/express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { anonymousCsrf } from './anonymous-csrf.js';
import type { AppSettings } from './config.js';
import { csrfGuard, csrfToken } from './csrf.js';
import type { AppData } from './data.js';
import { errorHandler } from './error-handler.js';
import { MAX_AGENT_LENGTH, MAX_BODY_BYTES, MAX_CART_ITEMS, MAX_NAME_LENGTH } from './limits.js';
import { notFoundPage, PRODUCTS, sessionsPage, shopPage, signInPage } from './pages.js';

/** Options of {@link createApp}: the store, and how the app runs (see {@link AppSettings}). */
export type AppOptions = AppSettings & { readonly vial: Vial<AppData> };

/** The message to show once on the next page, removed as it is read (flash recipe). */
function takeFlash(session: Session<AppData>): string | undefined {
  const flash = session.get('flash');
  if (flash !== undefined) session.delete('flash');
  return flash;
}

/** The example shop: sign in with any name, a cart in the session, your sessions with revoke buttons. */
export function createApp(options: AppOptions): express.Express {
  const { vial, production = false } = options;
  const secrets = options.cookieSecret === undefined ? undefined : [options.cookieSecret].flat();
  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  // Every page carries a visitor's own form token or cart: no cache may keep one.
  app.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  app.use(express.urlencoded({ extended: false, limit: MAX_BODY_BYTES }));
  app.use(
    vialSession({
      vial,
      ...(secrets === undefined ? {} : { secret: secrets }),
      // __Host-: sent only to this host, only over HTTPS, for the whole site.
      ...(production ? { cookie: { name: '__Host-vial', secure: true, path: '/' } } : {}),
    }),
  );
  const anonymous = anonymousCsrf({
    secrets,
    cookieName: production ? '__Host-vial-csrf' : 'vial-csrf',
    secure: production ? true : 'auto',
    now: () => vial.now(),
  });
  app.use(csrfGuard(anonymous));

  const signedIn = (req: Request, res: Response, next: NextFunction) => {
    if (req.session.userId !== null) return next();
    res.redirect(303, '/');
  };

  app.get('/', (req, res) => {
    const { session } = req;
    if (session.userId === null) return res.send(signInPage(anonymous.issue(req, res)));
    const flash = takeFlash(session);
    const user = session.get('user') ?? session.userId;
    res.send(shopPage(user, session.get('cart') ?? [], csrfToken(session), flash));
  });

  app.get('/signed-out', (req, res) => {
    if (req.session.userId !== null) return res.redirect(303, '/');
    res.send(signInPage(anonymous.issue(req, res), 'You are signed out.'));
  });

  // Sign-in recipe: bind the user, then regenerate (new token: session fixation defence).
  app.post('/signin', async (req, res) => {
    const name = String(req.body?.name ?? '')
      .trim()
      .slice(0, MAX_NAME_LENGTH);
    if (name === '') {
      return res
        .status(422)
        .send(signInPage(anonymous.issue(req, res), 'Enter a name to sign in.'));
    }
    const { session } = req;
    session.userId = name;
    session.set('user', name);
    const userAgent = req.get('user-agent') ?? 'unknown browser';
    session.setDetails({ userAgent: userAgent.slice(0, MAX_AGENT_LENGTH) });
    // "Remember me": 30 days idle for this session; unticked, a cookie gone when the browser closes.
    if (req.body?.remember === 'on') session.setTtl('30d');
    else session.browserSession = true;
    session.delete('csrf');
    csrfToken(session);
    session.set('flash', `Welcome, ${name}.`);
    await session.regenerate(); // writes the changes above and the new token in one round trip
    anonymous.clear(req, res); // the session's own token protects its forms from now on
    res.redirect(303, '/');
  });

  // Sign-out recipe: destroy; the page that says so stores nothing.
  app.post('/signout', signedIn, async (req, res) => {
    await req.session.destroy();
    res.redirect(303, '/signed-out');
  });

  app.post('/cart', signedIn, (req, res) => {
    const item = String(req.body?.item ?? '');
    const cart = req.session.get('cart') ?? [];
    if (!(PRODUCTS as readonly string[]).includes(item)) {
      req.session.set('flash', 'There is no such product.');
    } else if (cart.length >= MAX_CART_ITEMS) {
      req.session.set('flash', `Your cart is full: it holds ${MAX_CART_ITEMS} items at most.`);
    } else {
      req.session.set('cart', [...cart, item]);
    }
    res.redirect(303, '/');
  });

  app.post('/cart/clear', signedIn, (req, res) => {
    req.session.delete('cart');
    res.redirect(303, '/');
  });

  app.get('/sessions', signedIn, async (req, res) => {
    const { session } = req;
    const sessions = await vial.sessionsOf(session.userId as string);
    res.send(
      sessionsPage(
        session.get('user') ?? '',
        sessions,
        session.sid,
        csrfToken(session),
        takeFlash(session),
      ),
    );
  });

  app.post('/sessions/revoke', signedIn, async (req, res) => {
    const sid = String(req.body?.sid ?? '');
    // A sid opens nothing, but only the user's own sessions may be ended from here.
    const own = await vial.sessionsOf(req.session.userId as string);
    if (sid !== req.session.sid && own.some((s) => s.sid === sid)) {
      await vial.revoke(sid);
      req.session.set('flash', 'That session is signed out.');
    }
    res.redirect(303, '/sessions');
  });

  app.post('/sessions/revoke-others', signedIn, async (req, res) => {
    const ended = await vial.revokeUser(req.session.userId as string, { except: req.session });
    req.session.set('flash', `Signed out ${ended} other session${ended === 1 ? '' : 's'}.`);
    res.redirect(303, '/sessions');
  });

  app.use((_req, res) => {
    res.status(404).send(notFoundPage());
  });
  app.use(errorHandler(vial));
  return app;
}
