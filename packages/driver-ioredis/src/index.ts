export type { RedisDriverOptions as IoredisDriverOptions } from '@vial/redis';
export { type IoredisDriver, ioredisDriver } from './driver.js';
