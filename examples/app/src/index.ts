export { type AppOptions, createApp } from './app.js';
export {
  type AppSettings,
  ConfigError,
  type CookieSecret,
  readConfig,
  type ServerConfig,
  type TrustProxy,
} from './config.js';
export type { AppData } from './data.js';
export * from './limits.js';
export { type RunningApp, type StartOptions, startApp } from './start.js';
export { createStore, type Store } from './store.js';
