import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { constantTimeEqual, InvalidOptionError } from '@vial/core';

/** A cookie value whose signature checked out. */
export interface Unsigned {
  /** The vial token inside. */
  readonly token: string;
  /** `false` when it was signed with an older secret and should be re-signed. */
  readonly current: boolean;
}

/** The shortest secret accepted, in characters. */
const MIN_SECRET_LENGTH = 16;

/** Key objects of the secrets in use: a string key would be converted on every HMAC. */
const KEYS = new Map<string, KeyObject>();
/** More secrets than any rotation uses: past it, the cache starts over. */
const MAX_KEYS = 64;

function keyOf(secret: string): KeyObject {
  let key = KEYS.get(secret);
  if (key === undefined) {
    if (KEYS.size >= MAX_KEYS) KEYS.clear();
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    KEYS.set(secret, key);
  }
  return key;
}

function mac(token: string, secret: string): string {
  return createHmac('sha256', keyOf(secret)).update(token).digest('base64url');
}

/** `<token>.<HMAC-SHA256 of token>`, base64url. */
export function sign(token: string, secret: string): string {
  return `${token}.${mac(token, secret)}`;
}

/**
 * Values that a frozen list of secrets (as `resolveSecrets` gives) verified
 * lately: a client sends the same cookie on every request, and each HMAC
 * costs about 3 µs. Only verified values enter; a frozen list cannot change.
 */
const VERIFIED = new WeakMap<readonly string[], Map<string, Unsigned>>();
/** Values kept per list: past it, the oldest goes (a few hundred KB at most). */
const MAX_VERIFIED = 4096;

/**
 * {@link unsign}, remembering what a frozen list verified: a value seen
 * before is not verified again. Any other list is verified every time.
 */
export function unsignCached(value: string, secrets: readonly string[]): Unsigned | null {
  if (!Object.isFrozen(secrets)) return unsign(value, secrets);
  let verified = VERIFIED.get(secrets);
  const known = verified?.get(value);
  if (known !== undefined) return known;
  const unsigned = unsign(value, secrets);
  if (unsigned === null) return null;
  if (verified === undefined) {
    verified = new Map();
    VERIFIED.set(secrets, verified);
  } else if (verified.size >= MAX_VERIFIED) {
    verified.delete(verified.keys().next().value as string);
  }
  verified.set(value, Object.freeze(unsigned));
  return unsigned;
}

/**
 * The token inside a signed value, when one of `secrets` signed it; `null`
 * otherwise. Compares in constant time.
 */
export function unsign(value: string, secrets: readonly string[]): Unsigned | null {
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return null;
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  for (let i = 0; i < secrets.length; i++) {
    if (constantTimeEqual(mac(token, secrets[i] as string), signature)) {
      return { token, current: i === 0 };
    }
  }
  return null;
}

/**
 * The `secret` option as a frozen list, the signing one first; empty when it
 * is left out. Throws an `InvalidOptionError` for an empty list or a short
 * secret.
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
  return Object.freeze(secrets);
}
