// Time inside Redis of vial's current READ and UPDATE scripts against the
// proposals in lua-proposal.mjs, on the benchmark payload, 64 in flight.
// About 30 s; starts its own Redis. Checks first that each proposal gives the
// same record as the current script.
//
//   pnpm --filter @vial/bench build && node bench/experiments/lua-cost.mjs
import { startRedisServer } from '@vial/test-redis';
import { scripts, createArgs, readArgs, updateArgs, decodeRead } from '@vial/redis-scripts';
import { realisticSessionFields } from '@vial/driver-test-suite/fixtures';
import { closedLoop } from '../dist/closed-loop.js';
import { Redis } from 'ioredis';
import { ioredisDriver } from '@vial/driver-ioredis';
import { decodeUpdate } from '@vial/redis-scripts';
import { vialSubject } from '../dist/store/vial-subject.js';
import { READ_RAW, UPDATE_FAST, parseRecord } from './lua-proposal.mjs';
const server = await startRedisServer();
const r = new Redis(server.url);
const admin = new Redis(server.url);
const DAY = 86400000,
  N = 500,
  now = Date.now();
for (let i = 0; i < N; i++) {
  const fields = new Map([
    ['#t', 'x'.repeat(43)],
    ['#c', String(now)],
    ...realisticSessionFields(i),
  ]);
  await r.eval(
    scripts.create.source,
    1,
    'v:' + i,
    ...createArgs({ fields, expiry: { idleMs: DAY, deadline: null }, now }),
  );
}
const sh = {};
for (const [k, src] of Object.entries({
  read: scripts.read.source,
  update: scripts.update.source,
  readRaw: READ_RAW,
  updateFast: UPDATE_FAST,
}))
  sh[k] = await r.script('LOAD', src);
// correctness: fast update then old read must agree with old update then old read
const delta = (i) => ({
  set: new Map([
    ['visits', String(i)],
    ['newkey', '"x"'],
  ]),
  del: ['flash'],
  expiry: { idleMs: DAY, deadline: null },
  now: Date.now(),
});
await r.evalsha(sh.update, 1, 'v:1', ...updateArgs(delta(7)));
await r.evalsha(sh.updateFast, 1, 'v:2', ...updateArgs(delta(7)));
const a = decodeRead(
  await r.evalsha(sh.read, 1, 'v:1', ...readArgs({ now: Date.now(), touch: false })),
);
const b = decodeRead(
  await r.evalsha(sh.read, 1, 'v:2', ...readArgs({ now: Date.now(), touch: false })),
);
a.fields.delete('userId');
b.fields.delete('userId');
a.fields.delete('cart');
b.fields.delete('cart');
console.log(
  'update equivalent:',
  JSON.stringify([...a.fields].sort()) === JSON.stringify([...b.fields].sort()),
  a.revision,
  b.revision,
);
const [, raw] = await r.evalshaBuffer(
  sh.readRaw,
  1,
  'v:1',
  ...readArgs({ now: Date.now(), touch: true }),
);
const c = parseRecord(raw);
c.fields.delete('userId');
c.fields.delete('cart');
console.log(
  'raw read equivalent:',
  JSON.stringify([...a.fields].sort()) === JSON.stringify([...c.fields].sort()),
  c.revision,
);

const stats = async () => {
  const i = await admin.info('commandstats');
  const m = {};
  for (const l of i.split('\n')) {
    const x = l.match(/cmdstat_(\w+):calls=(\d+),usec=(\d+)/);
    if (x) m[x[1]] = [Number(x[2]), Number(x[3])];
  }
  return m;
};
const cpu = async () => {
  const i = await admin.info('cpu');
  return Number(i.match(/used_cpu_user:([\d.]+)/)[1]) + Number(i.match(/used_cpu_sys:([\d.]+)/)[1]);
};
const cases = {
  'READ (current): decodeRead': async (i) =>
    decodeRead(
      await r.evalsha(sh.read, 1, 'v:' + (i % N), ...readArgs({ now: Date.now(), touch: true })),
    ),
  'READ raw + JS parse': async (i) => {
    const [e, b] = await r.evalshaBuffer(
      sh.readRaw,
      1,
      'v:' + (i % N),
      ...readArgs({ now: Date.now(), touch: true }),
    );
    return parseRecord(b);
  },
  'UPDATE (current)': (i) =>
    r.evalsha(
      sh.update,
      1,
      'v:' + (i % N),
      ...updateArgs({
        set: new Map([['visits', String(i)]]),
        del: [],
        expiry: { idleMs: DAY, deadline: null },
        now: Date.now(),
      }),
    ),
  'UPDATE fast merge': (i) =>
    r.evalsha(
      sh.updateFast,
      1,
      'v:' + (i % N),
      ...updateArgs({
        set: new Map([['visits', String(i)]]),
        del: [],
        expiry: { idleMs: DAY, deadline: null },
        now: Date.now(),
      }),
    ),
};
for (let rep = 0; rep < 2; rep++)
  for (const [name, op] of Object.entries(cases)) {
    await closedLoop(64, 200, op);
    await admin.config('RESETSTAT');
    const c0 = await cpu();
    const p0 = process.cpuUsage();
    const ops = await closedLoop(64, 1500, op);
    const c1 = await cpu();
    const p = process.cpuUsage(p0);
    const st = await stats();
    const n = ops * 1.5;
    const ev = st.evalsha ? (st.evalsha[1] / st.evalsha[0]).toFixed(2) : '-';
    console.log(
      name.padEnd(28),
      String(Math.round(ops)).padStart(7),
      'ops/s | script µs/call',
      ev,
      '| redis cpu µs/op',
      (((c1 - c0) * 1e6) / n).toFixed(1),
      '| client cpu µs/op',
      ((p.user + p.system) / n).toFixed(1),
    );
  }

// End to end: vial.load + set + save through the ioredis driver, as it is and with both proposals.
const current = vialSubject('ioredis', ioredisDriver(r, { prefix: 'a:' }));
const proposedDriver = {
  ...ioredisDriver(r, { prefix: 'b:' }),
  async read(sid, opts) {
    const reply = await r.evalshaBuffer(sh.readRaw, 1, `b:s:${sid}`, ...readArgs(opts));
    if (reply === null) return null;
    const record = parseRecord(reply[1]);
    const expiresAt = reply[0].length === 0 ? null : Number(reply[0].toString());
    return { fields: record.fields, expiresAt, revision: record.revision };
  },
  async update(sid, delta) {
    return decodeUpdate(await r.evalsha(sh.updateFast, 1, `b:s:${sid}`, ...updateArgs(delta)));
  },
};
const proposed = vialSubject('ioredis', proposedDriver);
await current.seed(N);
await proposed.seed(N);
for (let rep = 0; rep < 2; rep++) {
  for (const cycle of ['write', 'read']) {
    for (const [name, subject] of [
      ['vial as is', current],
      ['vial, proposed scripts', proposed],
    ]) {
      await closedLoop(64, 200, (i) => subject[cycle](i));
      const c0 = await cpu();
      const p0 = process.cpuUsage();
      const ops = await closedLoop(64, 1500, (i) => subject[cycle](i));
      const c1 = await cpu();
      const p = process.cpuUsage(p0);
      const n = ops * 1.5;
      console.log(
        `${cycle.padEnd(6)} ${name.padEnd(24)} ${String(Math.round(ops)).padStart(7)} ops/s | redis cpu µs/op ${(((c1 - c0) * 1e6) / n).toFixed(1)} | client cpu µs/op ${((p.user + p.system) / n).toFixed(1)}`,
      );
    }
  }
}
r.disconnect();
admin.disconnect();
await server.stop();
