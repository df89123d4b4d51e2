export { type ExpressSessionOptions, expressSession } from './express-session.js';
export { type VialMiddleware, vialSession } from './middleware.js';
export type { ExpressSessionStore, MigrateFromOptions, UserIdOf } from './migrate.js';
export type { SessionCookieOptions, VialSessionOptions } from './options.js';
export type {
  ExpressSessionCookie,
  ExpressSessionMethods,
  ExpressSessionObject,
  SessionCallback,
} from './session-face-types.js';
export type {
  ExpressSessionRequestFields,
  RegisteredSessionData,
  RequestSessionFields,
  SessionData,
  VialIncomingMessage,
  VialRequestFields,
  VialSessionTypes,
} from './types.js';
