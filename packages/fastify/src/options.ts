import type { SessionData } from '@vial/core';
import type { HttpSessionOptions } from '@vial/http';

export type { SessionCookieOptions } from '@vial/http';

/**
 * Options of the `vialSession` plugin: `vial`, `cookie` and `secret` as in
 * `@vial/http`, and `lazy`. `cookie.secure: 'auto'` follows
 * `request.protocol`, which honours Fastify's `trustProxy` option.
 */
export interface VialSessionOptions<Data extends object = SessionData>
  extends HttpSessionOptions<Data> {
  /**
   * `false` (the default, as on every adapter): every route loads the
   * session before its handler (one round trip when the request has a
   * session cookie, none without) unless it says `config: { session: false }`.
   * `true`: only routes with `config: { session: true }` do; any other
   * route loads it with `await request.loadSession()`, or never, and then
   * costs no storage call and sets no cookie.
   */
  lazy?: boolean;
}
