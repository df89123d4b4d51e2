import { describeDriver } from '../src/index.js';
import { ReferenceDriver } from './reference-driver.js';

// The reference driver passes the whole suite on both clocks: proof that the
// suite's expectations are satisfiable and that its timing holds in real time.
describeDriver({
  name: 'reference (virtual clock)',
  capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
  clock: 'virtual',
  createDriver: async ({ clock }) => new ReferenceDriver(clock),
});

describeDriver({
  name: 'reference (real clock)',
  capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
  clock: 'real',
  createDriver: async ({ clock }) => new ReferenceDriver(clock),
});
