// After the move: @types/express-session is gone, and req.session is expressSession()'s face.
import type { ExpressSessionCookie } from '@vial/express';
import { app } from './routes.js';

app.get('/after', async (req, res) => {
  await req.session.save();
  const cookie: ExpressSessionCookie = req.session.cookie;
  const id: string | null = req.sessionID;
  res.json({ id, maxAge: cookie.maxAge, cart: req.session.cart });
});
