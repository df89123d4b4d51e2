import type { SessionData } from '@vial/core';
import type { HttpSessionOptions } from '@vial/http';
import { EXPRESS_SESSION_HINTS, type Hints } from './option-check.js';

export type { SessionCookieOptions } from '@vial/http';

/**
 * Options of `vialSession()`: `vial`, `cookie`, `secret` and `lazy`, as in
 * `@vial/http`. With `lazy: true` a route loads the session with
 * `await req.loadSession()`; until then `req.session` throws. `cookie.secure:
 * 'auto'` follows Express's `req.secure` (its `trust proxy` setting); on plain
 * `node:http`, whether the socket is TLS. Any other option is refused.
 */
export interface VialSessionOptions<Data extends object = SessionData>
  extends HttpSessionOptions<Data> {}

export const VIAL_SESSION_OPTIONS = ['vial', 'cookie', 'secret', 'lazy'];

/** express-session's options, as `vialSession()` answers them. */
export const VIAL_SESSION_HINTS: Hints = {
  ...EXPRESS_SESSION_HINTS,
  store: "`store` → the Vial's `driver` (new Vial({ driver }))",
  rolling:
    "`rolling` → the Vial's `rolling` (new Vial({ rolling })); the cookie follows the session's expiry either way",
  saveUninitialized:
    '`saveUninitialized` → not needed: a new session is stored once it holds something (expressSession() takes the option)',
  unset:
    '`unset` → destroy the session (`await req.session.destroy()`), or assign `req.session = vial.session()`',
};
