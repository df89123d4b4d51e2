// µs inside Redis per call of the read and update scripts (INFO commandstats),
// on the benchmark's realistic record (12 fields, about 760 bytes), with
// redis-benchmark as the client so that the client costs nothing measurable.
// About 15 s; starts its own Redis. Needs redis-benchmark on the PATH.
//
//   pnpm --filter @vial/redis-scripts build && node packages/redis-scripts/bench/lua-scripts.mjs
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createArgs, scripts, updateArgs } from '../dist/index.js';

const benchRequire = createRequire(new URL('../../../bench/package.json', import.meta.url));
const { startRedisServer } = await import(benchRequire.resolve('@vial/test-redis'));
const { realisticSessionFields } = await import(
  benchRequire.resolve('@vial/driver-test-suite/fixtures')
);

const server = await startRedisServer();
const cli = (...args) =>
  execFileSync('redis-cli', ['-p', String(server.port), ...args], { encoding: 'utf8' }).trim();
// A long idle time keeps every record live whatever random `now` a call gets,
// and makes each touching read move the expiry (a SETRANGE and a PEXPIRE).
const expiry = { idleMs: 5_000_000_000_000, deadline: null };
const fields = new Map([
  ['#t', 'x'.repeat(43)],
  ['#c', '1764000000000'],
  ...realisticSessionFields(1),
]);
const [, , record] = createArgs({ fields, expiry, now: 1_000_000_000_000 });
const update = updateArgs({ set: new Map([['visits', '1234']]), del: [], expiry, now: 1e12 });
// `1__rand_int__`: a random 13-digit `now` per call (redis-benchmark substitutes it).
const cases = [
  ['read, touching', scripts.read, ['1__rand_int__', '1']],
  ['read, not touching', scripts.read, ['1__rand_int__', '0']],
  ['update, one field replaced', scripts.update, ['1__rand_int__', ...update.slice(1)]],
];
for (const [, script] of cases) cli('script', 'load', script.source);
const results = new Map();
for (let round = 0; round < 3; round++) {
  for (const [name, script, args] of cases) {
    execFileSync('redis-cli', ['-p', String(server.port), '-x', 'set', 'v:1'], { input: record });
    cli('config', 'resetstat');
    execFileSync('redis-benchmark', [
      '-p',
      String(server.port),
      '-c',
      '64',
      '-n',
      '100000',
      '-r',
      '1000000000',
      '-q',
      'evalsha',
      script.sha1,
      '1',
      'v:1',
      ...args,
    ]);
    const stats = cli('info', 'commandstats');
    const us = Number(/cmdstat_evalsha:.*usec_per_call=([\d.]+)/.exec(stats)?.[1]);
    results.set(name, Math.min(results.get(name) ?? Number.POSITIVE_INFINITY, us));
  }
}
for (const [name, us] of results)
  console.log(`${name.padEnd(28)} ${us.toFixed(2)} µs per call (best of 3)`);
await server.stop();
