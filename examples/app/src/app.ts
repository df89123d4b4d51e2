import { type Session, SessionGoneError, StorageUnavailableError, type Vial } from '@vial/core';
import { vialSession } from '@vial/express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { csrfMatches, csrfToken } from './csrf.js';
import type { AppData } from './data.js';
import { page } from './html.js';
import { PRODUCTS, sessionsPage, shopPage, signInPage, unavailablePage } from './pages.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  readonly vial: Vial<AppData>;
  /** Secrets that sign the session cookie (first signs, all verify); unsigned when absent. */
  readonly cookieSecret?: string | readonly string[];
}

/** The message to show once on the next page, removed as it is read (flash recipe). */
function takeFlash(session: Session<AppData>): string | undefined {
  const flash = session.get('flash');
  if (flash !== undefined) session.delete('flash');
  return flash;
}

/** The example shop: sign in with any name, a cart in the session, your sessions with revoke buttons. */
export function createApp({ vial, cookieSecret }: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false, limit: '4kb' }));
  app.use(vialSession({ vial, ...(cookieSecret === undefined ? {} : { secret: cookieSecret }) }));

  // Every form carries the session's CSRF token (CSRF recipe).
  app.use((req, res, next) => {
    if (req.method !== 'POST' || csrfMatches(req.session, req.body?._csrf)) return next();
    res
      .status(403)
      .send(
        page(
          'Forbidden',
          '<h1>This form has expired</h1><p><a href="/">Reload the page</a> and try again.</p>',
        ),
      );
  });

  const signedIn = (req: Request, res: Response, next: NextFunction) => {
    if (req.session.userId !== null) return next();
    res.redirect(303, '/');
  };

  app.get('/', (req, res) => {
    const { session } = req;
    const flash = takeFlash(session);
    const csrf = csrfToken(session);
    const user = session.get('user');
    res.send(
      user === undefined
        ? signInPage(csrf, flash)
        : shopPage(user, session.get('cart') ?? [], csrf, flash),
    );
  });

  // Sign-in recipe: bind the user, then regenerate (new token: session fixation defence).
  app.post('/signin', async (req, res) => {
    const name = String(req.body?.name ?? '')
      .trim()
      .slice(0, 40);
    if (name === '') {
      req.session.set('flash', 'Enter a name to sign in.');
      return res.redirect(303, '/');
    }
    const { session } = req;
    session.userId = name;
    session.set('user', name);
    session.setDetails({ userAgent: req.get('user-agent') ?? 'unknown browser' });
    session.delete('csrf');
    csrfToken(session);
    session.set('flash', `Welcome, ${name}.`);
    await session.regenerate(); // writes the changes above and the new token in one round trip
    res.redirect(303, '/');
  });

  // Sign-out recipe: destroy, then a fresh session only to carry the flash message.
  app.post('/signout', async (req, res) => {
    await req.session.destroy();
    req.session = vial.session();
    req.session.set('flash', 'You are signed out.');
    res.redirect(303, '/');
  });

  app.post('/cart', signedIn, (req, res) => {
    const item = String(req.body?.item ?? '');
    if ((PRODUCTS as readonly string[]).includes(item)) {
      req.session.set('cart', [...(req.session.get('cart') ?? []), item]);
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

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof StorageUnavailableError) {
      res.status(503).set('Retry-After', '5').send(unavailablePage());
    } else if (error instanceof SessionGoneError) {
      // Signed out elsewhere while this request was running; its change was not kept.
      res
        .status(409)
        .send(
          page('Signed out', '<h1>You were signed out</h1><p><a href="/">Sign in again</a></p>'),
        );
    } else {
      console.error(error);
      res.status(500).send(page('Error', '<h1>Something went wrong</h1>'));
    }
  });
  return app;
}
