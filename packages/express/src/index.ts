export { type VialMiddleware, vialSession } from './middleware.js';
export type { SessionCookieOptions, VialSessionOptions } from './options.js';
export type {
  RegisteredSessionData,
  VialIncomingMessage,
  VialRequestFields,
  VialSessionTypes,
} from './types.js';
