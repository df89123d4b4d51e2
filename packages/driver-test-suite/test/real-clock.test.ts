import { type DescribeDriverOptions, describeDriver, describeWithVial } from '../src/index.js';
import { mapDriver } from './drivers/map-driver.js';
import { storeClock } from './drivers/store-clock.js';

// The suite's real-clock mode, as the Redis drivers run it: a store that
// judges writes by its own wall clock, a macrotask after each call.
const options: DescribeDriverOptions = {
  name: 'map (store clock)',
  features: ['userIndex', 'sids', 'conditionalUpdate'],
  clock: 'real',
  createDriver: async () => storeClock(mapDriver()),
};
describeDriver(options);
describeWithVial(options);
