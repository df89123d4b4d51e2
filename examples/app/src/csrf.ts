import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Session } from '@vial/core';
import type { AppData } from './data.js';

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
