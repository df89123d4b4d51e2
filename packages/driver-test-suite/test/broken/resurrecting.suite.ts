import { describeDriver } from '../../src/index.js';
import { ResurrectingDriver } from './drivers.js';

describeDriver({
  name: 'resurrecting',
  capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
  clock: 'virtual',
  createDriver: async ({ clock }) => new ResurrectingDriver(clock),
});
