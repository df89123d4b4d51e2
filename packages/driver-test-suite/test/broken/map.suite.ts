import { describeDriver, describeWithVial } from '../../src/index.js';
import { brokenMapDrivers } from './map-drivers.js';

for (const broken of brokenMapDrivers) {
  const options = { ...broken, clock: 'virtual' as const };
  describeDriver(options);
  describeWithVial(options);
}
