// µs inside Redis per call (INFO commandstats) of the plain commands and the
// scripts a vial session costs, with redis-benchmark as the client (64
// connections) so that no client library is measured. About 20 s; starts its
// own Redis. Needs redis-benchmark on the PATH.
//
//   pnpm --filter @vial/redis build && node packages/redis/bench/lua-scripts.mjs
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { scripts } from '../dist/index.js';
import { encodeBase, encodeChange } from '../dist/record.js';

const benchRequire = createRequire(new URL('../../../bench/package.json', import.meta.url));
const { startRedisServer } = await import(benchRequire.resolve('@vial/test-redis'));
const { realisticSessionFields } = await import(
  benchRequire.resolve('@vial/driver-test-suite/fixtures')
);

const server = await startRedisServer();
const cli = (...args) =>
  execFileSync('redis-cli', ['-p', String(server.port), ...args], { encoding: 'utf8' }).trim();
const fields = new Map([
  ['#t', 'x'.repeat(43)],
  ['#c', '1764000000000'],
  ...realisticSessionFields(1),
]);
const base = encodeBase(0, 1, 5_000_000_000_000, fields);
const json = JSON.stringify(Object.fromEntries(fields));
const change = encodeChange(new Map([['visits', '1234']]), [], undefined);
const day = '86400000';
// [label, seed the key, command]: each case runs on a key of its own.
const cases = [
  ['GET (raw floor, read)', ['set', 'k', json], ['get', 'k']],
  ['SET PX (raw floor, write)', ['set', 'k', json], ['set', 'k', json, 'px', day]],
  ['LRANGE (vial load)', ['rpush', 'k', base], ['lrange', 'k', '0', '-1']],
  ['RPUSHX (vial save)', ['rpush', 'k', base], ['rpushx', 'k', change]],
  ['PEXPIRE alone', ['rpush', 'k', base], ['pexpire', 'k', day]],
  [
    'EVALSHA appendExpire (RPUSHX + PEXPIRE)',
    ['rpush', 'k', base],
    ['evalsha', scripts.appendExpire.sha1, '1', 'k', change, day],
  ],
];
for (const script of Object.values(scripts)) cli('script', 'load', script.source);
const results = new Map();
for (let round = 0; round < 3; round++) {
  for (const [name, seed, command] of cases) {
    cli('del', 'k');
    execFileSync('redis-cli', ['-p', String(server.port), '-x', ...seed.slice(0, -1)], {
      input: seed.at(-1),
    });
    cli('config', 'resetstat');
    execFileSync('redis-benchmark', [
      '-p',
      String(server.port),
      '-c',
      '64',
      '-n',
      '100000',
      '-q',
      ...command,
    ]);
    const stats = cli('info', 'commandstats');
    const us = Number(
      new RegExp(`cmdstat_${command[0]}:.*usec_per_call=([\\d.]+)`).exec(stats)?.[1],
    );
    results.set(name, Math.min(results.get(name) ?? Number.POSITIVE_INFINITY, us));
  }
}
for (const [name, us] of results)
  console.log(`${name.padEnd(44)} ${us.toFixed(2)} µs per call (best of 3)`);
await server.stop();
