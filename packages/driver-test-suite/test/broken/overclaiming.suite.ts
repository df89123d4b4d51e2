import { describeDriver } from '../../src/index.js';
import { OverclaimingDriver } from './drivers.js';

describeDriver({
  name: 'overclaiming',
  capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
  clock: 'virtual',
  createDriver: async ({ clock }) => new OverclaimingDriver(clock),
});
