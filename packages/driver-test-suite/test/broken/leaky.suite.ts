import { describeDriver } from '../../src/index.js';
import { LeakyDriver } from './drivers.js';

describeDriver({
  name: 'leaky',
  capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
  clock: 'virtual',
  createDriver: async ({ clock }) => new LeakyDriver(clock),
});
