// Store-level section of the benchmark only (no HTTP, no memory), short runs:
// vial on both drivers against connect-redis and the raw floors, with the µs
// each command spends inside Redis. About 45 s; starts its own Redis.
//
//   pnpm --filter @vial/bench build && node packages/redis/bench/store-cycle.mjs [repeats] [ms] [filter]
import { createRequire } from 'node:module';
import { commandTimes } from '../../../bench/dist/redis/commands.js';
import { storeSubjects } from '../../../bench/dist/store/subjects.js';
import { runStoreSuite } from '../../../bench/dist/store/suite.js';

// Resolved from the bench package, which depends on every client and store measured.
const benchRequire = createRequire(new URL('../../../bench/package.json', import.meta.url));
const { startRedisServer } = await import(benchRequire.resolve('@vial/test-redis'));
const { Redis } = await import(benchRequire.resolve('ioredis'));
const repeats = Number(process.argv[2] ?? 3);
const durationMs = Number(process.argv[3] ?? 1500);
const filter = process.argv[4];
const server = await startRedisServer();
const admin = new Redis(server.url);
const stores = await storeSubjects(server.url);
const subjects = filter ? stores.subjects.filter((s) => s.name.includes(filter)) : stores.subjects;
const config = {
  mode: 'smoke',
  repeats,
  store: { concurrency: 64, durationMs, warmupMs: 500, sessions: 2000 },
};
const results = await runStoreSuite(subjects, config, () => {}, {
  cpuSeconds: async () => {
    const info = await admin.info('cpu');
    const f = (n) => Number(new RegExp(`${n}:([\\d.]+)`).exec(info)?.[1] ?? 0);
    return f('used_cpu_user') + f('used_cpu_sys');
  },
  resetCommandStats: async () => void (await admin.config('RESETSTAT')),
  usPerCall: async () => commandTimes(await admin.info('commandstats')),
});
const byName = new Map(results.map((r) => [r.subject.name, r]));
for (const cycle of ['write', 'read']) {
  console.log(`\n${cycle}`);
  for (const r of results) {
    const c = r[cycle];
    const client = r.subject.client;
    const floor = byName.get(`raw ${client} (floor)`)?.[cycle].throughput.median;
    const cr = [...byName.values()].find(
      (x) => x.subject.kind === 'connect-redis' && x.subject.client === client,
    )?.[cycle].throughput.median;
    const ops = c.throughput.median;
    console.log(
      `${r.subject.name.padEnd(30)} ${String(Math.round(ops)).padStart(7)} ops/s  client ${c.clientCpuUs.toFixed(1).padStart(5)} µs  redis ${c.redisCpuUs.toFixed(1).padStart(5)} µs` +
        `  vs floor ${floor ? (ops / floor).toFixed(2) : '-'}x  vs c-r ${cr ? (ops / cr).toFixed(2) : '-'}x  | ` +
        Object.entries(c.usPerCall)
          .map(([k, v]) => `${k} ${v.toFixed(2)}`)
          .join(', '),
    );
  }
}
await stores.close();
admin.disconnect();
await server.stop();
