export { type Codec, jsonCodec } from './codec.js';
export * from './driver.js';
export type { Duration } from './duration.js';
export * from './errors.js';
export type { VialOptions } from './options.js';
export type { SessionData, SessionKey } from './session.js';
export { Session } from './session.js';
export type { UserSessionInfo } from './users.js';
export { Vial } from './vial.js';
