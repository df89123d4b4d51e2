// Heap bytes per stored session: @vial/driver-memory against express-session's
// MemoryStore, both holding the same realistic payload (see README, "Memory").
//
//   pnpm build && node --expose-gc bench/heap.mjs [count] [--representations] [--json]
//   (or: pnpm bench:heap [count] [--representations] [--json])
//
// --json prints one JSON object instead of the table (the root benchmark,
// bench/, runs this script as a child and reads it).
//
// Every session gets its own user id, CSRF token, token hash and creation
// time, so no string is shared between sessions and the figure is what a
// real server would pay. Each store is measured from a fresh baseline after
// a full GC, holding only the stored sessions (the loop keeps nothing else).

import { randomBytes } from 'node:crypto';
import { realisticSessionData, realisticSessionFields } from '@vial/driver-test-suite';
import expressSession from 'express-session';
import { memoryDriver } from '../dist/index.js';

if (typeof globalThis.gc !== 'function') {
  console.error('Run with: node --expose-gc bench/heap.mjs');
  process.exit(1);
}

const args = process.argv.slice(2);
const COUNT = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const DAY_MS = 86_400_000;
const NOW = Date.now();

const sid = () => randomBytes(16).toString('base64url');
const csrf = () => randomBytes(32).toString('hex');

/** What core writes for session `i`: the user's fields plus '#t' (token hash) and '#c' (createdAt). */
function vialFields(i) {
  const fields = realisticSessionFields(i);
  fields.set('csrfToken', JSON.stringify(csrf()));
  fields.set('#t', randomBytes(32).toString('base64url'));
  fields.set('#c', String(NOW - i));
  return fields;
}

/** The same data as express-session hands its store: user data plus a Cookie. */
function expressSessionObject(i) {
  const data = realisticSessionData(i);
  data.csrfToken = csrf();
  const cookie = new expressSession.Cookie({ maxAge: DAY_MS, httpOnly: true, path: '/' });
  return Object.assign({ cookie }, data);
}

function heapUsed() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** Heap bytes per session held by the store that `fill` builds and returns. */
async function measure(fill) {
  const before = heapUsed();
  const held = await fill();
  const after = heapUsed();
  // Used after the second measurement, so the store is reachable during it.
  if (held === undefined) throw new Error('nothing was stored');
  return (after - before) / COUNT;
}

async function vialDriver() {
  const driver = memoryDriver({ sweepIntervalMs: false });
  for (let i = 0; i < COUNT; i++) {
    await driver.create(sid(), { fields: vialFields(i), expiresAt: NOW + DAY_MS, now: NOW });
  }
  if (driver.stats().records !== COUNT) throw new Error('driver lost records');
  return driver;
}

async function memoryStore() {
  const store = new expressSession.MemoryStore();
  for (let i = 0; i < COUNT; i++) {
    await new Promise((resolve, reject) =>
      store.set(sid(), expressSessionObject(i), (err) => (err ? reject(err) : resolve())),
    );
  }
  if (Object.keys(store.sessions).length !== COUNT) throw new Error('MemoryStore lost sessions');
  return store;
}

/** Raw record representations alone (no store around them), to justify the driver's choice. */
const representations = {
  'Map of 12 strings': (f) => new Map(f),
  'array of 24 strings': (f) => [...f].flat(),
  // JSON.stringify's result keeps its oversized build buffer; a copy would be ~825.
  'JSON.stringify of the pairs': (f) => JSON.stringify([...f].flat()),
  // What the driver keeps (src/record-codec.ts).
  'one packed string': (f) => [...f].map(([k, v]) => `${k.length}:${k}${v.length}:${v}`).join(''),
};

async function representation(make) {
  const all = new Array(COUNT);
  for (let i = 0; i < COUNT; i++) all[i] = make(vialFields(i));
  return all;
}

const rows = [];
const driverBytes = await measure(vialDriver);
rows.push(['@vial/driver-memory', driverBytes]);
const storeBytes = await measure(memoryStore);
rows.push(['express-session MemoryStore', storeBytes]);
if (args.includes('--representations')) {
  for (const [name, make] of Object.entries(representations)) {
    rows.push([`  record as ${name}`, await measure(() => representation(make))]);
  }
}

if (args.includes('--json')) {
  const bytes = Object.fromEntries(rows.map(([name, value]) => [name.trim(), Math.round(value)]));
  console.log(
    JSON.stringify({
      sessions: COUNT,
      node: process.version,
      driver: Math.round(driverBytes),
      memoryStore: Math.round(storeBytes),
      ratio: driverBytes / storeBytes,
      bytes,
    }),
  );
  process.exit(0);
}

console.log(`Heap per session, ${COUNT.toLocaleString('en')} sessions, Node.js ${process.version}`);
console.log('');
console.log('| store | bytes/session |');
console.log('| --- | ---: |');
for (const [name, bytes] of rows)
  console.log(`| ${name} | ${Math.round(bytes).toLocaleString('en')} |`);
console.log('');
console.log(`ratio driver / MemoryStore: ${(driverBytes / storeBytes).toFixed(2)}`);
