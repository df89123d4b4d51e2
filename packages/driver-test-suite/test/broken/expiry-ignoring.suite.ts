import { describeDriver } from '../../src/index.js';
import { ExpiryIgnoringDriver } from './drivers.js';

describeDriver({
  name: 'expiry-ignoring',
  capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
  clock: 'virtual',
  createDriver: async ({ clock }) => new ExpiryIgnoringDriver(clock),
});
