import type { Session } from '@vial/core';
import { cookieExpiry } from './cookie-expiry.js';
import type { IncomingToken } from './cookie-header.js';

/**
 * What the response must do with the session cookie: set it (with the
 * cookie's own expiry: see `cookieExpiry`; `null` for a browser-session
 * cookie), clear it, or leave it (`null`).
 */
export type CookieAction =
  | {
      readonly kind: 'set';
      readonly token: string;
      readonly expiresAt: Date | null;
      /** `false`: a browser-session cookie, without expiry. */
      readonly persistent: boolean;
    }
  | { readonly kind: 'clear' }
  | null;

/** What {@link settle} needs to know besides the session. */
export interface SettleContext {
  /** What the request's session cookie held, including the expiry it records. */
  readonly incoming: IncomingToken;
  /** The `cookie.persistent` option: the cookie carries the session's expiry. */
  readonly persistent: boolean;
  /** Set the cookie of a stored session on this response even when nothing about it changed. */
  readonly refresh?: boolean;
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
 *   cookie. A persistent cookie is also set again when its expiry, the
 *   session's rounded up to a step of 1 % of its lifetime
 *   (`cookieExpiry`), differs from the one the incoming cookie records: with
 *   a rolling session about once per step of use rather than on every
 *   request, and never later than needed for the cookie to outlive the
 *   session.
 *
 * Rejects with the save's error (`StorageUnavailableError`,
 * `SessionGoneError`, ...) so that the framework's error handling answers.
 */
export async function settle<Data extends object>(
  session: Session<Data> | undefined,
  context: SettleContext,
): Promise<CookieAction> {
  const now = settleNow(session, context);
  if (now !== MUST_SAVE) return now;
  await (session as Session<Data>).save();
  return cookieOf(session as Session<Data>, context);
}

/** What {@link settleNow} answers when the session has something to save. */
export const MUST_SAVE: unique symbol = Symbol('vial.must-save');

/**
 * {@link settle} without waiting, when nothing needs saving: the cookie
 * action, or {@link MUST_SAVE} when only `settle` can say (after the save).
 * A read-only request is answered in the turn it ends in.
 */
export function settleNow<Data extends object>(
  session: Session<Data> | undefined,
  context: SettleContext,
): CookieAction | typeof MUST_SAVE {
  if (session === undefined) return null;
  if (session.isDestroyed || (session.isNew && !session.hasChanges())) {
    return context.incoming.present ? CLEAR : null;
  }
  return session.isSaved ? cookieOf(session, context) : MUST_SAVE;
}

/** The cookie action for a stored session with nothing left to save. */
function cookieOf<Data extends object>(
  session: Session<Data>,
  context: SettleContext,
): CookieAction {
  const { incoming } = context;
  const token = session.id as string;
  const changed = token !== incoming.token || incoming.resign || context.refresh === true;
  // The session's own choice ("remember me" unticked) makes a browser-session cookie too.
  if (!context.persistent || session.browserSession) {
    // A cookie that records an expiry was persistent: it is set again without one.
    const was = incoming.expiresAt !== undefined;
    return changed || was ? { kind: 'set', token, expiresAt: null, persistent: false } : null;
  }
  const expiresAt = cookieExpiry(
    session.expiresAt?.getTime() ?? null,
    session.lastAccessedAt.getTime(),
  );
  if (changed || incoming.expiresAt !== expiresAt) {
    return { kind: 'set', token, expiresAt: new Date(expiresAt), persistent: true };
  }
  return null;
}
