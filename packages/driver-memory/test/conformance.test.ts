import { type MemoryDriver, memoryDriver } from '@vial/driver-memory';
import {
  type DescribeDriverOptions,
  describeDriver,
  describeWithVial,
} from '@vial/driver-test-suite';

// The whole driver contract, on a virtual clock: the driver judges expiry by
// the `now` it is given and the injected clock, so no test sleeps. No
// breakStorage or corruptRecord: an in-process Map can neither fail nor hold
// an unreadable record.
const options: DescribeDriverOptions<MemoryDriver> = {
  name: 'memory',
  features: ['userIndex', 'sids', 'conditionalUpdate', 'close'],
  clock: 'virtual',
  createDriver: async ({ clock }) => memoryDriver({ clock }),
};

describeDriver(options);
describeWithVial(options);
