import type { Session } from '@vial/core';
import type { IncomingToken } from './cookie-header.js';

/** What the response must do with the session cookie: set it, clear it, or leave it (`null`). */
export type CookieAction =
  | { readonly kind: 'set'; readonly token: string; readonly expiresAt: Date | null }
  | { readonly kind: 'clear' }
  | null;

/** What {@link settle} needs to know besides the session. */
export interface SettleContext {
  /** What the request's session cookie held. */
  readonly incoming: IncomingToken;
  /** The `cookie.persistent` option: the cookie carries the session's expiry. */
  readonly persistent: boolean;
  /** The store's `rolling` option (`vial.rolling`): whether a load slid the expiry. */
  readonly rolling: boolean;
  /**
   * The session's expiry (epoch ms, `null`: never) when this request loaded
   * it from its cookie, which is what the client's cookie carries; `undefined`
   * when unknown, such as for a session the route put in place of the loaded one.
   */
  readonly loadedExpiresAt?: number | null | undefined;
}

const CLEAR: CookieAction = { kind: 'clear' };

/**
 * Ends a request's use of its session, before the response headers go out:
 * saves what changed (core writes nothing for an unchanged session), and
 * says how the cookie must change. `session` is `undefined` when a lazy
 * route never loaded it: then nothing happens.
 *
 * - A new session is stored only when it has changes (`hasChanges()`), so a
 *   visitor who never touched the session gets no cookie and costs no write.
 * - A destroyed session, or a cookie that opened nothing (unknown, expired,
 *   revoked, forged), clears the cookie rather than leave a dead one to be
 *   sent (and looked up) on every request.
 * - A new or regenerated token, or one signed with an old secret, sets the
 *   cookie. A persistent cookie is also refreshed when the session's expiry
 *   moved: on every load with `rolling` (the load slid it), otherwise only
 *   when a save moved it, so an unchanged request sends no `Set-Cookie`.
 *
 * Rejects with the save's error (`StorageUnavailableError`,
 * `SessionGoneError`, ...) so that the framework's error handling answers.
 */
export async function settle<Data extends object>(
  session: Session<Data> | undefined,
  context: SettleContext,
): Promise<CookieAction> {
  if (session === undefined) return null;
  const { incoming } = context;
  if (session.isDestroyed || (session.isNew && !session.hasChanges())) {
    return incoming.present ? CLEAR : null;
  }
  await session.save();
  const token = session.id as string;
  const expiresAt = session.expiresAt;
  if (token !== incoming.token || incoming.resign || expiryMoved(expiresAt, context)) {
    return { kind: 'set', token, expiresAt };
  }
  return null;
}

function expiryMoved(expiresAt: Date | null, context: SettleContext): boolean {
  if (!context.persistent || expiresAt === null) return false;
  if (context.rolling || context.loadedExpiresAt === undefined) return true;
  return expiresAt.getTime() !== context.loadedExpiresAt;
}
