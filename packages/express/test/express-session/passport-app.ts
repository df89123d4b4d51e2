import type express from 'express';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';

interface User {
  id: string;
  name: string;
}

const USERS: Record<string, User & { password: string }> = {
  alice: { id: 'u-alice', name: 'alice', password: 'wonderland' },
};

/** passport 0.7 + passport-local, as an app sets them up for express-session, with routes to probe the session. */
export function passportRoutes(app: express.Express) {
  const passport = new Passport();
  passport.use(
    new LocalStrategy((username, password, done) => {
      const user = USERS[username];
      done(null, user !== undefined && user.password === password ? user : false);
    }),
  );
  passport.serializeUser<string>((user, done) => done(null, (user as User).id));
  passport.deserializeUser<string>((id, done) => {
    const user = Object.values(USERS).find((u) => u.id === id);
    done(null, user ?? false);
  });
  app.use(passport.session());
  app.get('/visit', (req, res) => {
    req.session.views = (req.session.views ?? 0) + 1;
    if (typeof req.query.returnTo === 'string') req.session.returnTo = req.query.returnTo;
    res.send(String(req.session.views));
  });
  app.get('/login', passport.authenticate('local', { failureMessage: false }), (_req, res) => {
    res.send('welcome');
  });
  app.get(
    '/login-keeping-info',
    passport.authenticate('local', { keepSessionInfo: true }),
    (req, res) => {
      res.send(req.session.returnTo ?? 'no returnTo');
    },
  );
  app.get('/me', (req, res) => {
    res.send(req.user === undefined ? 'anonymous' : (req.user as User).name);
  });
  // Who the request is, and the cart after adding `?item=` to it: what a deploy must not lose.
  app.get('/cart', (req, res) => {
    const item = req.query.item;
    if (typeof item === 'string') req.session.cart = [...(req.session.cart ?? []), item];
    const user = req.user === undefined ? null : (req.user as User).name;
    res.json({ user, cart: req.session.cart ?? [] });
  });
  app.get('/data', (req, res) => {
    res.send(JSON.stringify(req.session));
  });
  app.get('/logout', (req, res, next) => {
    req.logout((error) => (error ? next(error) : res.send('bye')));
  });
}
