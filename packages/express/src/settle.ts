import type { Session, SessionData } from '@vial/core';
import type { IncomingToken } from './cookie-header.js';

/** What the response must do with the session cookie. */
export type CookieAction =
  | { readonly kind: 'set'; readonly token: string; readonly expiresAt: Date | null }
  | { readonly kind: 'clear' }
  | null;

const CLEAR: CookieAction = { kind: 'clear' };

/**
 * Ends a request's use of its session, before the response headers go out:
 * saves what changed (core writes nothing for an unchanged session), and
 * says how the cookie must change. `session` is `undefined` when a lazy
 * route never loaded it: then nothing happens.
 *
 * - A new session is stored only once it holds data or a user, so a visitor
 *   who never touched the session gets no cookie and costs no write.
 * - A destroyed session, or a cookie that opened nothing (unknown, expired,
 *   revoked, forged), clears the cookie rather than leave a dead one to be
 *   sent (and looked up) on every request.
 * - A new or regenerated token sets the cookie; with a persistent cookie a
 *   loaded session's cookie is refreshed, since the load slid its expiry.
 *
 * Rejects with the save's error (`StorageUnavailableError`,
 * `SessionGoneError`, ...) so that the framework's error handling answers.
 */
export async function settle<Data extends SessionData>(
  session: Session<Data> | undefined,
  incoming: IncomingToken,
  persistent: boolean,
): Promise<CookieAction> {
  if (session === undefined) return null;
  if (session.isDestroyed) return incoming.present ? CLEAR : null;
  if (session.isNew && session.size === 0 && session.userId === null) {
    return incoming.present ? CLEAR : null;
  }
  await session.save();
  const token = session.id as string;
  const refresh = persistent && session.expiresAt !== null;
  if (token !== incoming.token || incoming.resign || refresh) {
    return { kind: 'set', token, expiresAt: session.expiresAt };
  }
  return null;
}
