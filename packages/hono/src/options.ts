import type { SessionData } from '@vial/core';
import type { HttpSessionOptions } from '@vial/http';

export type { SessionCookieOptions } from '@vial/http';

/**
 * Options of `vialSession()`: `vial`, `cookie`, `secret` and `lazy`, as in
 * `@vial/http`, plus `proxy`. With `lazy: true` a handler loads the session
 * with `await c.var.loadSession()`; until then `c.var.session` is
 * `undefined`. `cookie.secure: 'auto'` follows the request URL's scheme, or
 * with `proxy: true` the first `X-Forwarded-Proto` value.
 */
export interface VialSessionOptions<Data extends object = SessionData>
  extends HttpSessionOptions<Data> {
  /**
   * Trust the `X-Forwarded-Proto` header for `cookie.secure: 'auto'`: set it
   * when the app runs behind a TLS-terminating proxy that sets the header.
   * Default `false`.
   */
  proxy?: boolean;
}
