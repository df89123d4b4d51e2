import { describeDriver } from '../../src/index.js';
import { mapDriver } from './map-driver.js';

// The worked example of docs/custom-driver.md, run as the page says to run it.
describeDriver({
  name: 'map (docs example)',
  capabilities: { userIndex: false, iterate: true, conditionalUpdate: true },
  clock: 'virtual',
  createDriver: async ({ clock }) => mapDriver({ clock }),
});
