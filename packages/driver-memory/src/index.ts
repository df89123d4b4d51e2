export { type MemoryDriver, type MemoryDriverStats, memoryDriver } from './memory-driver.js';
export { DEFAULT_SWEEP_INTERVAL_MS, type MemoryDriverOptions } from './options.js';
export type { MemoryUserIndex } from './user-index.js';
