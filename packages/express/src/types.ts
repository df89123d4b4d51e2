import type { IncomingMessage } from 'node:http';
import type { Session, SessionData } from '@vial/core';

/**
 * Register your session data type once, and `req.session` is typed by it in
 * every Express handler:
 *
 * ```ts
 * declare module '@vial/express' {
 *   interface VialSessionTypes {
 *     data: { cart: string[]; flash: string };
 *   }
 * }
 * ```
 *
 * The data type may be an `interface` or a `type`. Without it, `req.session`
 * holds `Record<string, unknown>`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: users fill it in by declaration merging
export interface VialSessionTypes {}

/** The session data type registered in {@link VialSessionTypes}, else `SessionData`. */
export type RegisteredSessionData = VialSessionTypes extends { data: infer D extends object }
  ? D
  : SessionData;

/** What `vialSession()` adds to a request. */
export interface VialRequestFields<Data extends object> {
  /**
   * This request's session: loaded from the cookie, or new. Assign a new one
   * (`req.session = vial.session()`) after destroying the old one to start
   * afresh in the same request. With `lazy`, throws until `loadSession()`
   * resolved.
   */
  session: Session<Data>;
  /**
   * Resolves to `req.session`, loading it first with `lazy` (one round trip,
   * once per request). Rejects with `StorageUnavailableError` when the
   * store fails.
   */
  loadSession(): Promise<Session<Data>>;
}

/**
 * A `node:http` request after `vialSession()` ran, for Connect-style
 * handlers without Express's types.
 */
export type VialIncomingMessage<Data extends object = RegisteredSessionData> = IncomingMessage &
  VialRequestFields<Data>;

declare global {
  namespace Express {
    interface Request extends VialRequestFields<RegisteredSessionData> {}
  }
}
