export { type VialEnv, vialSession } from './middleware.js';
export type { SessionCookieOptions, VialSessionOptions } from './options.js';
