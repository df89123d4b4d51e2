// During the move: the old app's session middleware and connect-redis load @types/express-session.
import { RedisStore } from 'connect-redis';
import session from 'express-session';
import { createClient } from 'redis';
import { app } from './routes.js';

const store = new RedisStore({ client: createClient() });
app.use(session({ store, secret: 'old secret', resave: false, saveUninitialized: false }));
app.get('/old', (req, res) => {
  const cart: string[] | undefined = req.session.cart;
  res.json({ cart, id: req.sessionID });
});
