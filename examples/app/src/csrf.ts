import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Session } from '@vial/core';
import type { RequestHandler } from 'express';
import type { AnonymousCsrf } from './anonymous-csrf.js';
import type { AppData } from './data.js';
import { formExpiredPage } from './pages.js';

/** The session's CSRF token, created (and so saved with the session) on first use. */
export function csrfToken(session: Session<AppData>): string {
  let token = session.get('csrf');
  if (token === undefined) {
    token = randomBytes(32).toString('base64url');
    session.set('csrf', token);
  }
  return token;
}

/** Whether a submitted form carries this session's CSRF token; compared in constant time. */
export function csrfMatches(session: Session<AppData>, submitted: unknown): boolean {
  const expected = session.get('csrf');
  if (expected === undefined || typeof submitted !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Refuses (403) a POST without the right `_csrf` field: the session's token
 * once signed in, the stateless sign-in form token before, so that a visitor
 * who never signs in costs no stored session.
 */
export function csrfGuard(anonymous: AnonymousCsrf): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST') return next();
    const submitted: unknown = req.body?._csrf;
    const valid =
      req.session.userId === null
        ? anonymous.verify(req, submitted)
        : csrfMatches(req.session, submitted);
    if (valid) return next();
    res.status(403).send(formExpiredPage());
  };
}
