import { appendFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DescribeDriverOptions, describeDriver, describeWithVial } from '../../src/index.js';
import type { FileDriver } from '../drivers/file-driver.js';
import { brokenFileDrivers } from './file-drivers.js';

// Each driver's files live under one directory that its cleanup removes, and
// each cleanup says in the log which entry point called it: the parent test
// checks both, for drivers whose tests fail. Iteration over 1,100 files is
// left out (the drivers' sids() hidden): it is not what these drivers break.
const log = process.env.VIAL_SUITE_CLEANUP_LOG ?? join(tmpdir(), 'vial-suite-cleanup.log');

for (const [name, Driver] of Object.entries(brokenFileDrivers)) {
  const root = join(tmpdir(), `vial-broken-${name}-${process.pid}`);
  let made = 0;
  const options = (entry: string): DescribeDriverOptions<FileDriver> => ({
    name,
    features: ['userIndex', 'conditionalUpdate', 'close'],
    clock: 'virtual',
    createDriver: async ({ clock }) =>
      Object.defineProperty(await Driver.open(join(root, `${made++}`), clock), 'sids', {
        value: undefined,
      }),
    cleanup: async () => {
      await rm(root, { recursive: true, force: true });
      await appendFile(log, `${JSON.stringify({ name, entry, root })}\n`);
    },
    breakStorage: async (driver) => {
      await rm(driver.dir, { recursive: true, force: true });
      await writeFile(driver.dir, '');
    },
    corruptRecord: (driver, sid) => writeFile(driver.path(sid), '{"fields": [["a", "1"]'),
  });
  describeDriver(options('describeDriver'));
  describeWithVial(options('describeWithVial'));
}
