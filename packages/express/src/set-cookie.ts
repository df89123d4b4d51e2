import type { ServerResponse } from 'node:http';

/** Adds a Set-Cookie value, keeping the ones the app already set. */
export function appendSetCookie(res: ServerResponse, value: string): void {
  const existing = res.getHeader('Set-Cookie');
  if (existing === undefined) res.setHeader('Set-Cookie', value);
  else if (Array.isArray(existing)) res.setHeader('Set-Cookie', [...existing, value]);
  else res.setHeader('Set-Cookie', [String(existing), value]);
}
