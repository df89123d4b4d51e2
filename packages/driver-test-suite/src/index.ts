export { describeDriver } from './describe-driver.js';
export * from './fixtures.js';
export type { DescribeDriverOptions, DriverContext, DriverFeature } from './options.js';
export { describeWithVial } from './with-vial/describe-with-vial.js';
