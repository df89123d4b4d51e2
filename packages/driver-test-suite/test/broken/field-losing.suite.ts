import { describeDriver } from '../../src/index.js';
import { FieldLosingDriver } from './drivers.js';

describeDriver({
  name: 'field-losing',
  capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
  clock: 'virtual',
  createDriver: async ({ clock }) => new FieldLosingDriver(clock),
});
