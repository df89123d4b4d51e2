import { describeDriver } from '../../src/index.js';
import { NonAtomicDriver } from './drivers.js';

describeDriver({
  name: 'non-atomic',
  capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
  clock: 'virtual',
  createDriver: async ({ clock }) => new NonAtomicDriver(clock),
});
