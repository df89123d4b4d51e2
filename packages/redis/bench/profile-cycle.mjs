// Runs one store subject's cycle for a few seconds, for `node --cpu-prof`:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof packages/redis/bench/profile-cycle.mjs 'vial + node-redis' write 4000
import { createRequire } from 'node:module';
import { closedLoop } from '../../../bench/dist/closed-loop.js';
import { storeSubjects } from '../../../bench/dist/store/subjects.js';

const benchRequire = createRequire(new URL('../../../bench/package.json', import.meta.url));
const { startRedisServer } = await import(benchRequire.resolve('@vial/test-redis'));
const [name = 'vial + node-redis', cycle = 'write', ms = '4000'] = process.argv.slice(2);
const server = await startRedisServer();
const stores = await storeSubjects(server.url);
const subject = stores.subjects.find((s) => s.name === name);
await subject.seed(2000);
await closedLoop(64, 500, (i) => subject[cycle](i));
const before = process.cpuUsage();
const ops = await closedLoop(64, Number(ms), (i) => subject[cycle](i));
const cpu = process.cpuUsage(before);
console.log(
  `${name} ${cycle}: ${Math.round(ops)} ops/s, client ${((cpu.user + cpu.system) / ((ops * Number(ms)) / 1000)).toFixed(1)} µs/op`,
);
await stores.close();
await server.stop();
