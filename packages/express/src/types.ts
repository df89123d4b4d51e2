import type { IncomingMessage } from 'node:http';
import type { Session, SessionData as StoreData } from '@vial/core';
import type { ExpressSessionObject } from './session-face-types.js';

/**
 * Register your session data type once, and `req.session` is typed by it in
 * every Express handler (with `vialSession()`):
 *
 * ```ts
 * declare module '@vial/express' {
 *   interface VialSessionTypes {
 *     data: { cart: string[]; flash: string };
 *   }
 * }
 * ```
 *
 * The data type may be an `interface` or a `type`. Without it (and without
 * {@link SessionData} fields), `req.session` holds `Record<string, unknown>`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: users fill it in by declaration merging
export interface VialSessionTypes {}

/**
 * The data of an `expressSession()` session, declared by merging as with
 * `@types/express-session`, whose `req.session` then has these properties:
 *
 * ```ts
 * declare module '@vial/express' {
 *   interface SessionData {
 *     views: number;
 *     passport: { user: string };
 *   }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: users fill it in by declaration merging
export interface SessionData {}

/** The session data type registered in {@link VialSessionTypes}, else `SessionData` of `@vial/core`. */
export type RegisteredSessionData = VialSessionTypes extends { data: infer D extends object }
  ? D
  : StoreData;

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

/** What `expressSession()` adds to a request. */
export interface ExpressSessionRequestFields<Data extends object = SessionData> {
  /**
   * This request's session, as express-session shapes it: data as properties,
   * `regenerate`, `save`, `destroy`, `reload` (callback or promise),
   * `touch()`, `id` and `cookie`. `undefined` after `destroy()`.
   */
  session: ExpressSessionObject<Data>;
  /** The session's storage id (never its secret), `null` until it is first saved. */
  readonly sessionID: string | null;
}

/**
 * The fields Express's `Request` gets: `vialSession()`'s when
 * {@link VialSessionTypes} registers `data`, `expressSession()`'s when
 * {@link SessionData} declares fields, else `vialSession()`'s with
 * `Record<string, unknown>` data. One application has one session shape.
 */
export type RequestSessionFields = VialSessionTypes extends { data: infer D extends object }
  ? VialRequestFields<D>
  : [keyof SessionData] extends [never]
    ? VialRequestFields<StoreData>
    : ExpressSessionRequestFields<SessionData>;

/**
 * A `node:http` request after `vialSession()` ran, for Connect-style
 * handlers without Express's types.
 */
export type VialIncomingMessage<Data extends object = RegisteredSessionData> = IncomingMessage &
  VialRequestFields<Data>;

declare global {
  namespace Express {
    interface Request extends RequestSessionFields {}
  }
}
