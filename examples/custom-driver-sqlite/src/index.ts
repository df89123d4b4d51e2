export type { SqliteDriverOptions } from './options.js';
export { type SqliteDriver, sqliteDriver } from './sqlite-driver.js';
