import { mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DescribeDriverOptions, describeDriver, describeWithVial } from '../src/index.js';
import { FileDriver } from './drivers/file-driver.js';
import { mapDriver } from './drivers/map-driver.js';

// The two drivers of docs/custom-driver.md pass the whole suite: the map
// driver it shows in full (one synchronous step per operation), and a file
// driver that awaits between read and write under a per-key lock.

const mapOptions: DescribeDriverOptions = {
  name: 'map (the guide example)',
  features: ['userIndex', 'sids', 'conditionalUpdate'],
  clock: 'virtual',
  createDriver: async ({ clock }) => mapDriver({ clock }),
};
describeDriver(mapOptions);
describeWithVial(mapOptions);

const root = mkdtempSync(join(tmpdir(), 'vial-file-driver-'));
let made = 0;
const fileOptions: DescribeDriverOptions<FileDriver> = {
  name: 'file (per-key lock)',
  features: ['userIndex', 'sids', 'conditionalUpdate', 'close'],
  clock: 'virtual',
  createDriver: ({ clock }) => FileDriver.open(join(root, `driver-${made++}`), clock),
  cleanup: () => rm(root, { recursive: true, force: true }),
  breakStorage: async (driver) => {
    // A file where the directory was: every access fails with ENOTDIR.
    await rm(driver.dir, { recursive: true, force: true });
    await writeFile(driver.dir, '');
  },
  corruptRecord: (driver, sid) => writeFile(driver.path(sid), '{"fields": [["a", "1"]'),
};
describeDriver(fileOptions);
describeWithVial(fileOptions);
