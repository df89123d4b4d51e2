import { hash, randomBytes } from 'node:crypto';

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
// 16 bytes are 22 base64url characters whose last one carries 2 bits: A, Q, g or w.
const PART = '[A-Za-z0-9_-]{21}[AQgw]';
const TOKEN_PATTERN = new RegExp(`^(${PART})\\.(${PART})$`);
const SID_PATTERN = new RegExp(`^${PART}$`);

/** A new random sid. */
export function mintSid(): string {
  return randomBytes(RANDOM_BYTES).toString('base64url');
}

/** A new random secret. */
export function mintSecret(): string {
  return randomBytes(RANDOM_BYTES).toString('base64url');
}

/** Splits a token, or returns `null` when it is not exactly of the minted shape. */
export function parseToken(token: unknown): ParsedToken | null {
  if (typeof token !== 'string' || token.length !== 45) return null;
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  return { sid: match[1] as string, secret: match[2] as string };
}

/** Whether a string has the shape of a minted sid. */
export function isSid(value: unknown): value is string {
  return typeof value === 'string' && SID_PATTERN.test(value);
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
