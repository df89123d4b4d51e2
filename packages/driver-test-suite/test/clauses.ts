import { driverFamilies } from '../src/describe-driver.js';
import type { DescribeDriverOptions } from '../src/index.js';
import { vialFamilies } from '../src/with-vial/describe-with-vial.js';

/** Every clause the suite can register, as `[id, requirement]`, for a driver with every part and both hooks. */
export function everyClause(): [string, string][] {
  const hook = async () => {};
  const options: DescribeDriverOptions = {
    name: 'any',
    features: ['userIndex', 'sids', 'close', 'conditionalUpdate', 'recordLimit'],
    clock: 'virtual',
    createDriver: () => Promise.reject(new Error('not for running')),
    breakStorage: hook,
    corruptRecord: hook,
  };
  const suite = { options, has: () => true };
  const names = [
    ...driverFamilies.flatMap(([family]) => Object.keys(family(suite))),
    ...vialFamilies.flatMap(([family]) => Object.keys(family(suite))),
  ];
  return names.map((name) => [
    name.slice(0, name.indexOf(': ')),
    name.slice(name.indexOf(': ') + 2),
  ]);
}
