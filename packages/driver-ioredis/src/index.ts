export type { RedisDriverOptions as IoredisDriverOptions } from '@vial/redis-scripts';
export { type IoredisDriver, ioredisDriver } from './driver.js';
