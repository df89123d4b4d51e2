import type { SessionData } from '@vial/core';
import type { HttpSessionOptions } from '@vial/http';

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
