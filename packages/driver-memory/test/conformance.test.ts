import { type MemoryDriver, memoryDriver } from '@vial/driver-memory';
import {
  type DescribeDriverOptions,
  describeDriver,
  describeWithVial,
} from '@vial/driver-test-suite';

// The whole driver contract, on a virtual clock: the driver judges expiry by
// the `now` it is given and the injected clock, so no test sleeps. No
// breakStorage or corruptRecord: an in-process Map can neither fail nor hold
// an unreadable record. The driver holds a record as one string of its
// fields and nothing else, so what it stores is what a read returns.
const options: DescribeDriverOptions<MemoryDriver> = {
  name: 'memory',
  features: ['userIndex', 'sids', 'conditionalUpdate', 'close', 'recordLimit'],
  clock: 'virtual',
  createDriver: async ({ clock }) => memoryDriver({ clock }),
  storedBytes: async (driver, sid) => {
    const record = await driver.read(sid, { now: driver.now() });
    let bytes = 0;
    for (const [name, value] of record?.fields ?? []) bytes += Buffer.byteLength(name + value);
    return bytes;
  },
};

describeDriver(options);
describeWithVial(options);
