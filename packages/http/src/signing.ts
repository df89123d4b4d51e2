import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidOptionError } from '@vial/core';

/** A cookie value whose signature checked out. */
export interface Unsigned {
  /** The vial token inside. */
  readonly token: string;
  /** `false` when it was signed with an older secret and should be re-signed. */
  readonly current: boolean;
}

/** The shortest secret accepted, in characters. */
const MIN_SECRET_LENGTH = 16;

function mac(token: string, secret: string): string {
  return createHmac('sha256', secret).update(token).digest('base64url');
}

/** `<token>.<HMAC-SHA256 of token>`, base64url. */
export function sign(token: string, secret: string): string {
  return `${token}.${mac(token, secret)}`;
}

/**
 * The token inside a signed value, when one of `secrets` signed it; `null`
 * otherwise. Compares in constant time.
 */
export function unsign(value: string, secrets: readonly string[]): Unsigned | null {
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return null;
  const token = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  for (let i = 0; i < secrets.length; i++) {
    const expected = Buffer.from(mac(token, secrets[i] as string));
    if (expected.length === given.length && timingSafeEqual(expected, given)) {
      return { token, current: i === 0 };
    }
  }
  return null;
}

/**
 * The `secret` option as a list, the signing one first; empty when it is left
 * out. Throws an `InvalidOptionError` for an empty list or a short secret.
 */
export function resolveSecrets(secret: string | readonly string[] | undefined): readonly string[] {
  if (secret === undefined) return [];
  const secrets = typeof secret === 'string' ? [secret] : [...secret];
  if (secrets.length === 0) {
    throw new InvalidOptionError(
      'secret',
      'secret must be a string or a non-empty list of strings; leave it out to not sign cookies',
    );
  }
  for (const value of secrets) {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) {
      throw new InvalidOptionError(
        'secret',
        `Each cookie secret must be a string of at least ${MIN_SECRET_LENGTH} characters (32 random bytes recommended); got ${typeof value === 'string' ? `${value.length} characters` : typeof value}`,
      );
    }
  }
  return secrets;
}
