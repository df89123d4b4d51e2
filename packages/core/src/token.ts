import { createHmac, hash, randomBytes } from 'node:crypto';

/**
 * A session token is `<sid>.<secret>`: two independent 128-bit values from
 * the CSPRNG, base64url. The sid names the record; only a SHA-256 digest of
 * the secret is stored, so a leaked dump yields no usable token.
 */
export interface ParsedToken {
  readonly sid: string;
  readonly secret: string;
}

const RANDOM_BYTES = 16;

/** A new random sid. */
export function mintSid(): string {
  return randomBytes(RANDOM_BYTES).toString('base64url');
}

/** A new random secret. */
export function mintSecret(): string {
  return randomBytes(RANDOM_BYTES).toString('base64url');
}

/** Whether `text[from, from + 22)` is 22 base64url characters whose last one is A, Q, g or w. */
function isPart(text: string, from: number): boolean {
  for (let i = from; i < from + 21; i++) {
    const c = text.charCodeAt(i);
    // A-Z, a-z, 0-9, '-', '_': checked by hand, a load's first step (a regular expression costs more).
    if (
      !(
        (c >= 65 && c <= 90) ||
        (c >= 97 && c <= 122) ||
        (c >= 48 && c <= 57) ||
        c === 45 ||
        c === 95
      )
    ) {
      return false;
    }
  }
  const last = text.charCodeAt(from + 21);
  return last === 65 || last === 81 || last === 103 || last === 119;
}

/** Splits a token, or returns `null` when it is not exactly of the minted shape. */
export function parseToken(token: unknown): ParsedToken | null {
  if (typeof token !== 'string' || token.length !== 45 || token.charCodeAt(22) !== 46) return null;
  if (!isPart(token, 0) || !isPart(token, 23)) return null;
  return { sid: token.slice(0, 22), secret: token.slice(23) };
}

/** Whether a string has the shape of a minted sid. */
export function isSid(value: unknown): value is string {
  return typeof value === 'string' && value.length === 22 && isPart(value, 0);
}

/** The stored form of a secret: its SHA-256 digest, base64url (43 characters). */
export function digestSecret(secret: string): string {
  // crypto.hash: one-shot, about 3x cheaper than createHash() for short input.
  return hash('sha256', secret, 'base64url');
}

/**
 * Whether two strings are equal, in time that depends only on their length:
 * every character is compared, with no early exit. For digests and
 * signatures, whose length is public.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/**
 * Compares a secret with a stored digest in constant time: the two base64url
 * digests, character by character (half the cost of `timingSafeEqual` on two
 * fresh Buffers per load; a timing leak could reveal only the digest, from
 * which no secret follows).
 */
export function secretMatches(secret: string, storedDigest: string | undefined): boolean {
  return storedDigest !== undefined && constantTimeEqual(digestSecret(secret), storedDigest);
}

/**
 * The sid a session regenerated with a grace window moves to: derived from
 * the previous token, so that a request still carrying it can find the
 * session without storage keeping a pointer. It opens nothing by itself: the
 * new record admits the previous secret only until the grace window ends.
 */
export function graceSid(previousToken: string): string {
  return hash('sha256', `vial:regenerate:${previousToken}`, 'base64url').slice(0, 21).concat('A');
}

/**
 * A token derived from `source` under `key` (HMAC-SHA256, 128 bits each for
 * the sid and the secret): every process that holds the key finds the same
 * session for the same source, and nobody without it can compute the token.
 */
export function derivedToken(key: string, source: string): string {
  const part = (label: string) =>
    createHmac('sha256', key)
      .update(`vial:derive:${label}:${source}`)
      .digest()
      .subarray(0, RANDOM_BYTES)
      .toString('base64url');
  return `${part('sid')}.${part('secret')}`;
}
