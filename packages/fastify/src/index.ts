import { type VialSessionPlugin, vialSession } from './plugin.js';

export type { SessionCookieOptions, VialSessionOptions } from './options.js';
export type { RegisteredSessionData, VialRequestFields, VialSessionTypes } from './types.js';
export { type VialSessionPlugin, vialSession };
export default vialSession;
