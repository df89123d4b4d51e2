export { Browser } from './browser.js';
export { type Calls, countedDriver, flakyDriver } from './flaky-driver.js';
export type { AdapterHarness, KitApp, KitData, KitOptions } from './harness.js';
export { describeAdapter } from './suite.js';
