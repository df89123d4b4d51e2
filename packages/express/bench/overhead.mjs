// Requests per second of a tiny Express 5 app with and without vialSession()
// on the memory driver: the middleware's own cost, without network storage.
// Also the process's CPU time per request (client and server together, µs),
// which other processes on a busy machine disturb less than wall time.
// Run after `pnpm build`: node bench/overhead.mjs  (about 10 s)
import { createServer } from 'node:http';
import { Vial } from '@vial/core';
import { memoryDriver } from '@vial/driver-memory';
import express from 'express';
import { vialSession } from '../dist/index.js';

const REQUESTS = 4000;
const CONCURRENCY = 8;

function app(withSession) {
  const a = express();
  if (withSession) a.use(vialSession({ vial: new Vial({ driver: memoryDriver() }) }));
  a.get('/plain', (_req, res) => res.send('ok'));
  a.get('/read', (req, res) => res.send(String(req.session.get('n') ?? 0)));
  a.get('/write', (req, res) => {
    req.session.set('n', (req.session.get('n') ?? 0) + 1);
    res.send('ok');
  });
  return a;
}

async function measure(base, path, cookie) {
  const headers = cookie ? { cookie } : {};
  let next = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) await (await fetch(base + path, { headers })).text();
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  return { rps: Math.round(REQUESTS / seconds), cpuUs: Math.round((user + system) / REQUESTS) };
}

for (const withSession of [false, true]) {
  const server = createServer(app(withSession));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  await measure(base, '/plain'); // warm up
  const rows = { 'no cookie, untouched': await measure(base, '/plain') };
  if (withSession) {
    const res = await fetch(`${base}/write`);
    const cookie = res.headers.getSetCookie()[0].split(';')[0];
    for (const [label, path] of [
      ['cookie, read', '/read'],
      ['cookie, write', '/write'],
    ]) {
      await measure(base, path, cookie); // warm up
      rows[label] = await measure(base, path, cookie);
    }
  }
  const label = withSession ? 'with vialSession()' : 'without';
  const column = (key) =>
    JSON.stringify(Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v[key]])));
  console.log(label, column('rps'), 'req/s');
  console.log(label, column('cpuUs'), 'µs CPU/request');
  server.closeAllConnections();
  server.close();
}
