import { createHmac, timingSafeEqual } from 'node:crypto';

/** A cookie value whose signature checked out. */
export interface Unsigned {
  /** The vial token inside. */
  readonly token: string;
  /** `false` when it was signed with an older secret and should be re-signed. */
  readonly current: boolean;
}

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
