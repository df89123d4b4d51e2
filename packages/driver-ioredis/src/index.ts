export { type IoredisDriver, ioredisDriver } from './driver.js';
export type { IoredisDriverOptions } from './options.js';
