// Routes of the app being moved, checked with skipLibCheck: false in both programs (tsconfig.*.json).
import { expressSession } from '@vial/express';
import express from 'express';
import './session-data.js';

export const app = express();
export declare const vial: Parameters<typeof expressSession>[0]['vial'];

app.use(
  expressSession({
    vial,
    userIdOf: (data) => (data.passport as { user?: string } | undefined)?.user,
  }),
);
app.get('/cart', (req, res) => {
  req.session.cart = [...(req.session.cart ?? []), 'item'];
  req.session.lastSeen = new Date().toISOString();
  const user: string | undefined = req.session.passport?.user;
  // @ts-expect-error: cart holds strings
  req.session.cart = [1];
  // @ts-expect-error: colour is not declared
  req.session.colour = 'blue';
  req.session.regenerate((error) => {
    if (error) res.status(500);
    res.json({ user, cart: req.session.cart });
  });
});
