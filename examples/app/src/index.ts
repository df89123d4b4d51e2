export { type AppOptions, createApp } from './app.js';
export type { AppData } from './data.js';
export { type RunningApp, type StartOptions, startApp } from './start.js';
export { createStore, type Store } from './store.js';
