import { memoryDriver } from '@vial/driver-memory';
import {
  type DescribeDriverOptions,
  describeDriver,
  describeWithVial,
} from '@vial/driver-test-suite';

// The whole driver contract, on a virtual clock: the driver judges expiry by
// the injected clock and the `now` it is given, so no test sleeps.
const options: DescribeDriverOptions = {
  name: 'memory',
  capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
  clock: 'virtual',
  createDriver: async ({ clock }) => memoryDriver({ clock }),
};

describeDriver(options);
describeWithVial(options);
