import type { Session, SessionData } from '@vial/core';

/**
 * Register your session data type once, and `request.session` is typed by it
 * in every Fastify route and hook:
 *
 * ```ts
 * declare module '@vial/fastify' {
 *   interface VialSessionTypes {
 *     data: { visits: number; cart: string[] };
 *   }
 * }
 * ```
 *
 * The data type may be an `interface` or a `type`. Without it,
 * `request.session` holds `Record<string, unknown>`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: users fill it in by declaration merging
export interface VialSessionTypes {}

/** The session data type registered in {@link VialSessionTypes}, else `SessionData`. */
export type RegisteredSessionData = VialSessionTypes extends { data: infer D extends object }
  ? D
  : SessionData;

/** What the `vialSession` plugin adds to a Fastify request. */
export interface VialRequestFields<Data extends object> {
  /**
   * This request's session: loaded from the cookie, or new. Assign a new one
   * (`request.session = vial.session()`) after destroying the old one to
   * start afresh in the same request. Loaded before the handler by default;
   * on a route that opted out (`config: { session: false }`, or `lazy: true`
   * without `config: { session: true }`) it throws a clear error until
   * `await request.loadSession()` resolved.
   */
  session: Session<Data>;
  /**
   * Resolves to `request.session`, loading it first if needed (one round
   * trip with a session cookie, none without; once per request). Rejects
   * with `StorageUnavailableError` when the store fails. Works detached
   * from `request`.
   */
  loadSession(): Promise<Session<Data>>;
}

declare module 'fastify' {
  interface FastifyRequest extends VialRequestFields<RegisteredSessionData> {}

  interface FastifyContextConfig {
    /**
     * `true`: load the session before this route's handler (in its
     * `onRequest` step), so `request.session` is ready in the handler and in
     * later hooks. `false`: never load it up front, even with the plugin's
     * `lazy: false`. Absent: the plugin's `lazy` option decides.
     */
    session?: boolean;
  }
}
