export { cookieExpiry, refreshStep } from './cookie-expiry.js';
export {
  type CookieSettings,
  clearingCookie,
  type IncomingToken,
  readToken,
  sessionCookie,
} from './cookie-header.js';
export { type ResolvedCookie, resolveCookie, type SessionCookieOptions } from './cookie-options.js';
export { cookieValue } from './cookie-value.js';
export {
  ADAPTER_OPTIONS,
  COOKIE_HINTS,
  EXPRESS_SESSION_HINTS,
  type Hints,
  type OptionRules,
  refuseUnknownOptions,
  withOptions,
} from './option-check.js';
export {
  type HttpSessionOptions,
  type ResolvedHttpOptions,
  resolveHttpOptions,
} from './options.js';
export { beginRequest, type SessionRequest } from './request.js';
export { type CookieAction, MUST_SAVE, type SettleContext, settle, settleNow } from './settle.js';
export { resolveSecrets, sign, type Unsigned, unsign } from './signing.js';
