// Compares this build of vialSession() with another one in one process:
// rounds of requests to three Express 5 apps (bare, baseline, this build) on
// the memory driver, in an order that alternates, so that a busy machine's
// drift hits all three alike. Prints each app's median req/s and the ratio of
// this build to the baseline, per route; and the same for CPU time per
// request (client and server together, µs), which other processes disturb
// less than wall time.
// Run after `pnpm build`: node bench/compare.mjs <baseline package dir>  (about a minute)
// The baseline is a copy of packages/express (its dist/) built from another commit.
import { Agent, createServer, request } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Vial } from '@vial/core';
import { memoryDriver } from '@vial/driver-memory';
import express from 'express';

const ROUNDS = Number(process.env.ROUNDS ?? 20);
const REQUESTS = 500;
const CONCURRENCY = 8;

const baselineDir = process.argv[2];
if (!baselineDir) throw new Error('usage: node bench/compare.mjs <baseline package dir>');
const builds = {
  baseline: await import(pathToFileURL(resolve(baselineDir, 'dist/index.js')).href),
  current: await import('../dist/index.js'),
};

function app(build) {
  const a = express();
  if (build) a.use(build.vialSession({ vial: new Vial({ driver: memoryDriver() }) }));
  a.get('/plain', (_req, res) => res.send('ok'));
  a.get('/read', (req, res) => res.send(String(req.session.get('n') ?? 0)));
  a.get('/write', (req, res) => {
    req.session.set('n', (req.session.get('n') ?? 0) + 1);
    res.send('ok');
  });
  return a;
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function get(port, path, cookie) {
  return new Promise((done, fail) => {
    const req = request({ port, path, agent, headers: cookie ? { cookie } : {} }, (res) => {
      res.resume();
      res.on('end', () => done(res.headers['set-cookie']));
    });
    req.on('error', fail);
    req.end();
  });
}

async function measure(port, path, cookie) {
  let next = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) await get(port, path, cookie);
    }),
  );
  const { user, system } = process.cpuUsage(cpu);
  return {
    rps: REQUESTS / ((performance.now() - start) / 1000),
    cpuUs: (user + system) / REQUESTS,
  };
}

const targets = [];
for (const [name, build] of [['bare', null], ...Object.entries(builds)]) {
  const server = createServer(app(build));
  // Idle between its turns for longer than Node's 5 s default: keep the client's sockets open.
  server.keepAliveTimeout = 600_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  const cookie = build ? (await get(port, '/write'))[0].split(';')[0] : undefined;
  targets.push({ name, server, port, cookie });
}

const ROUTES = [
  ['no cookie, untouched', '/plain', false],
  ['cookie, read', '/read', true],
  ['cookie, write', '/write', true],
];
const results = {};
for (let round = -1; round < ROUNDS; round++) {
  // Round -1 warms up; then each round reverses the order of the last.
  const order = round % 2 === 0 ? targets : [...targets].reverse();
  for (const [label, path, withCookie] of ROUTES) {
    for (const t of order) {
      if (withCookie && !t.cookie) continue;
      const figures = await measure(t.port, path, withCookie ? t.cookie : undefined);
      if (round >= 0) ((results[label] ??= {})[t.name] ??= []).push(figures);
    }
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (const [label, byName] of Object.entries(results)) {
  for (const [unit, key] of [
    ['req/s', 'rps'],
    ['µs CPU/request', 'cpuUs'],
  ]) {
    const of = (name) => (byName[name] ?? []).map((f) => f[key]);
    const m = Object.fromEntries(Object.keys(byName).map((n) => [n, Math.round(median(of(n)))]));
    const ratios = of('current').map((x, i) => x / of('baseline')[i]);
    console.log(
      `${label.padEnd(22)} ${JSON.stringify(m)} ${unit}; current/baseline, median of rounds: ${median(ratios).toFixed(3)}`,
    );
  }
}
agent.destroy();
for (const t of targets) {
  t.server.closeAllConnections();
  t.server.close();
}
