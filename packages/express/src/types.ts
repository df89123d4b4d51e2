import type { IncomingMessage } from 'node:http';
import type { Session, SessionData as StoreData } from '@vial/core';
import type { ExpressSessionObject } from './session-face-types.js';
import type { SessionData as VialSessionData } from './types.js';

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
 *
 * While `@types/express-session` is part of the program (during a move,
 * connect-redis's types import it), `req.session` is declared there, and
 * `expressSession()`'s fields give way to it; {@link SessionData}'s fields
 * reach it through express-session's own `SessionData` (see below).
 */
export type RequestSessionFields = VialSessionTypes extends { data: infer D extends object }
  ? VialRequestFields<D>
  : [keyof SessionData] extends [never]
    ? VialRequestFields<StoreData>
    : ExpressSessionTypesLoaded extends true
      ? object
      : ExpressSessionRequestFields<SessionData>;

// biome-ignore lint/suspicious/noTsIgnore: an error type is the answer when it is missing, and the comment must reach the .d.ts
/** @ts-ignore Express.SessionStore exists only while @types/express-session is loaded; else an error type. */
type LoadedExpressSessionStore = Express.SessionStore;

/**
 * `true` while `@types/express-session` is part of the program: found
 * through the global type it declares, without loading it, since a
 * `vialSession()` app must not get its `req.session` by merely having it
 * installed.
 */
type ExpressSessionTypesLoaded = string extends keyof LoadedExpressSessionStore ? false : true;

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

/*
 * One declaration of the data, before and after @types/express-session is
 * removed: express-session's SessionData takes this package's fields. In an
 * app without @types/express-session this augmentation of a module that is
 * not there is ignored, as declaration files' augmentations are.
 */
// biome-ignore lint/suspicious/noTsIgnore: the module may not be there, and the comment must reach the .d.ts
/** @ts-ignore express-session has no types of its own; @types/express-session may not be installed. */
declare module 'express-session' {
  interface SessionData extends VialSessionData {}
}
