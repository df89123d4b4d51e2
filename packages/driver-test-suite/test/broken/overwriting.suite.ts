import { describeDriver } from '../../src/index.js';
import { OverwritingDriver } from './drivers.js';

describeDriver({
  name: 'overwriting',
  capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
  clock: 'virtual',
  createDriver: async ({ clock }) => new OverwritingDriver(clock),
});
