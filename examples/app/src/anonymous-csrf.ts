import { createHmac, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { parseCookie } from 'cookie';
import { sign, unsign } from 'cookie-signature';
import type { Request, Response } from 'express';

/**
 * CSRF protection for the sign-in form that stores nothing: a signed
 * double-submit token. A cookie holds a random nonce; the form holds an
 * expiry and an HMAC of nonce and expiry under a key derived from the app's
 * secret. A forged form cannot read the cookie, nor sign another nonce.
 */
export interface AnonymousCsrf {
  /** A token for a form on this page; sets (or refreshes) the nonce cookie. */
  issue(req: Request, res: Response): string;
  /** Whether `submitted` was issued for this request's nonce cookie and has not expired. */
  verify(req: Request, submitted: unknown): boolean;
  /** Removes the nonce cookie (after sign-in: the session's own token takes over). */
  clear(req: Request, res: Response): void;
}

/** Options of {@link anonymousCsrf}. */
export interface AnonymousCsrfOptions {
  /** The app's secrets (the first signs, all verify); a random key per process when absent. */
  readonly secrets: readonly string[] | undefined;
  /** The nonce cookie's name: `__Host-` prefixed in production. */
  readonly cookieName: string;
  /** `true`: always Secure; `'auto'`: when `req.secure` (which follows `trust proxy`). */
  readonly secure: true | 'auto';
  /** The clock, epoch milliseconds (the store's, so tests can move it). */
  readonly now: () => number;
}

/** How long a sign-in form stays valid, in seconds. */
export const CSRF_LIFETIME_SECONDS = 2 * 60 * 60;

const NONCE = /^[A-Za-z0-9_-]{43}$/;
const EXPIRY = /^\d{1,15}$/;

/** A key of its own per secret, so a CSRF MAC can never stand in for a cookie signature. */
function deriveKey(secret: string): KeyObject {
  return createSecretKey(createHmac('sha256', secret).update('vial example: CSRF').digest());
}

/** Builds the sign-in form's stateless CSRF protection. */
export function anonymousCsrf(options: AnonymousCsrfOptions): AnonymousCsrf {
  const secrets = options.secrets?.length
    ? options.secrets
    : [randomBytes(32).toString('base64url')];
  const keys = secrets.map(deriveKey);
  const [signingKey] = keys as [KeyObject];
  const cookieOf = (req: Request) => parseCookie(req.headers.cookie ?? '')[options.cookieName];
  const nonceOf = (req: Request): string | undefined => {
    const nonce = cookieOf(req);
    return nonce !== undefined && NONCE.test(nonce) ? nonce : undefined;
  };
  const cookieOptions = (req: Request) =>
    ({
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: options.secure === true || req.secure,
    }) as const;

  return {
    issue(req, res) {
      const nonce = nonceOf(req) ?? randomBytes(32).toString('base64url');
      res.cookie(options.cookieName, nonce, {
        ...cookieOptions(req),
        maxAge: CSRF_LIFETIME_SECONDS * 1000,
      });
      const expires = Math.floor(options.now() / 1000) + CSRF_LIFETIME_SECONDS;
      // sign() gives `<nonce>.<expires>.<mac>`; the form carries all but the nonce.
      return sign(`${nonce}.${expires}`, signingKey).slice(nonce.length + 1);
    },
    verify(req, submitted) {
      const nonce = nonceOf(req);
      if (nonce === undefined || typeof submitted !== 'string') return false;
      for (const key of keys) {
        const signed = unsign(`${nonce}.${submitted}`, key);
        if (signed === false) continue;
        const expires = signed.slice(nonce.length + 1);
        return EXPIRY.test(expires) && Number(expires) * 1000 > options.now();
      }
      return false;
    },
    clear(req, res) {
      if (cookieOf(req) !== undefined) {
        res.clearCookie(options.cookieName, cookieOptions(req));
      }
    },
  };
}
