// Scale of sessions bound to users, on a real Redis (standalone and a local
// three-node Cluster, both started here): revokeUser() of a user with 10,000
// sessions and sessionsOf() of a user with 1,000, median of 5 runs each, plus
// the commands each sends (INFO commandstats deltas of EVALSHA, EVAL and
// UNLINK, the commands a client sends; what scripts run inside is not counted).
//
//   pnpm --filter @vial/driver-ioredis build && node packages/driver-ioredis/bench/users.mjs
import { Vial } from '@vial/core';
import { startRedisCluster, startRedisServer } from '@vial/test-redis';
import Redis from 'ioredis';
import { ioredisDriver } from '../dist/index.js';

const REVOKE_SESSIONS = Number(process.argv[2] ?? 10_000);
const LIST_SESSIONS = Number(process.argv[3] ?? 1_000);
const RUNS = 5;
const IN_FLIGHT = 200;

async function signInMany(vial, userId, count) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const s = vial.session();
      s.userId = userId;
      s.setDetails({ userAgent: 'bench' });
      s.set('cart', ['espresso cup']);
      await s.save();
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function commandsOf(nodes, work) {
  const count = async () => {
    let total = 0;
    for (const node of nodes) {
      const info = await node.info('commandstats');
      for (const match of info.matchAll(/^cmdstat_(evalsha|eval|unlink):calls=(\d+)/gm)) {
        total += Number(match[2]);
      }
    }
    return total;
  };
  const before = await count();
  await work();
  return (await count()) - before;
}

async function measure(label, client, nodes) {
  const vial = new Vial({ driver: ioredisDriver(client, { prefix: `bench${Date.now()}:` }) });
  const revokeMs = [];
  const listMs = [];
  let revokeCommands = 0;
  let listCommands = 0;
  for (let run = 0; run < RUNS; run++) {
    const user = `revoke-${run}`;
    await signInMany(vial, user, REVOKE_SESSIONS);
    const started = performance.now();
    revokeCommands = await commandsOf(nodes, async () => {
      const ended = await vial.revokeUser(user);
      if (ended !== REVOKE_SESSIONS) throw new Error(`revoked ${ended} of ${REVOKE_SESSIONS}`);
    });
    revokeMs.push(performance.now() - started);
  }
  const lister = 'list';
  await signInMany(vial, lister, LIST_SESSIONS);
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    listCommands = await commandsOf(nodes, async () => {
      const listed = await vial.sessionsOf(lister);
      if (listed.length !== LIST_SESSIONS) throw new Error(`listed ${listed.length}`);
    });
    listMs.push(performance.now() - started);
  }
  await vial.revokeUser(lister);
  console.log(
    `| ${label} | revokeUser, ${REVOKE_SESSIONS.toLocaleString('en')} sessions | ${median(revokeMs).toFixed(0)} ms | ${revokeCommands} |`,
  );
  console.log(
    `| ${label} | sessionsOf, ${LIST_SESSIONS.toLocaleString('en')} sessions | ${median(listMs).toFixed(1)} ms | ${listCommands} |`,
  );
}

const server = await startRedisServer();
const cluster = await startRedisCluster();
const standalone = new Redis(server.url);
const clusterClient = new Redis.Cluster(cluster.nodes);
const clusterNodes = cluster.nodes.map((node) => new Redis(node.port, node.host));
try {
  console.log(`Node.js ${process.version}, redis-server on loopback, median of ${RUNS} runs\n`);
  console.log('| Redis | operation | time | commands |');
  console.log('| --- | --- | ---: | ---: |');
  await measure('standalone', standalone, [standalone]);
  await measure('cluster (3 masters)', clusterClient, clusterNodes);
} finally {
  for (const client of [standalone, clusterClient, ...clusterNodes]) client.disconnect();
  await server.stop();
  await cluster.stop();
}
