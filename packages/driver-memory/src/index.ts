export { type MemoryDriver, memoryDriver } from './memory-driver.js';
export type { MemoryDriverOptions } from './options.js';
