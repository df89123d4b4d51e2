import { type Driver, Vial } from '@vial/core';
import { scripts } from '@vial/redis-scripts';
import {
  countCommands,
  type RedisCluster,
  type RedisServer,
  redisCli,
  startRedisCluster,
  startRedisServer,
} from '@vial/test-redis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeRedisDriver } from '../src/index.js';
import { connectClient, connectCluster, type TestClient } from './support/clients.js';
import { delta, newRecord, newSid, now } from './support/records.js';

// Commands are counted on servers of this file's own, which no other test
// file talks to, with MONITOR (see countCommands in @vial/test-redis).
let server: RedisServer;
let cluster: RedisCluster;
beforeAll(async () => {
  [server, cluster] = await Promise.all([startRedisServer(), startRedisCluster()]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), cluster?.stop()]);
});

const deployments = {
  standalone: () => connectClient(server.url),
  cluster: () => connectCluster(cluster.nodes),
};

describe.each(Object.keys(deployments) as Array<keyof typeof deployments>)(
  'on a %s deployment, each operation is one command',
  (target) => {
    let client: TestClient;
    let driver: Driver;
    const count = (action: () => Promise<unknown>) => countCommands(client.ports, action);

    beforeAll(async () => {
      client = await deployments[target]();
      driver = nodeRedisDriver(client.connection);
      // Every master caches the scripts, as on a warm server.
      for (const port of client.ports) {
        for (const script of Object.values(scripts)) {
          await redisCli(port, ['script', 'load', script.source]);
        }
      }
    });
    afterAll(() => client.close());

    test('read (a load, touch included) is one EVALSHA', async () => {
      const sid = newSid();
      await driver.create(sid, newRecord({ a: '1' }));
      expect(await count(() => driver.read(sid, now(true)))).toEqual({ evalsha: 1 });
    });

    test('create (a save of a new session) is one EVALSHA', async () => {
      expect(await count(() => driver.create(newSid(), newRecord({ a: '1' })))).toEqual({
        evalsha: 1,
      });
    });

    test('update (a save of changes) is one EVALSHA, whatever the number of fields', async () => {
      const sid = newSid();
      await driver.create(sid, newRecord({ a: '1', b: '2' }));
      const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
      expect(await count(() => driver.update(sid, delta(many, ['a'])))).toEqual({ evalsha: 1 });
    });

    test('destroy of one session is one UNLINK', async () => {
      const sid = newSid();
      await driver.create(sid, newRecord({ a: '1' }));
      expect(await count(() => driver.destroy([sid]))).toEqual({ unlink: 1 });
    });

    test('each user-index operation is one command', async () => {
      const index = driver.userIndex;
      if (!index) throw new Error('the driver declares userIndex');
      const t = Date.now();
      expect(await count(() => index.add('u1', newSid(), t + 1000, t))).toEqual({ evalsha: 1 });
      expect(await count(() => index.list('u1', t))).toEqual({ evalsha: 1 });
      expect(await count(() => index.remove('u1', ['x']))).toEqual({ evalsha: 1 });
    });

    test('sids() runs SCAN on every master', async () => {
      const counted = await count(async () => {
        for await (const _ of driver.sids?.() ?? []);
      });
      expect(counted).toEqual({ scan: client.ports.length });
    });

    test('through Vial: load, save of a new session, save of a change and destroy are one command each', async () => {
      const vial = new Vial({ driver });
      const fresh = vial.session();
      fresh.set('cart', ['espresso']);
      expect(await count(() => fresh.save())).toEqual({ evalsha: 1 });
      const token = fresh.id ?? '';
      let loaded = vial.session();
      expect(await count(async () => (loaded = await vial.load(token)))).toEqual({ evalsha: 1 });
      loaded.set('color', 'blue');
      expect(await count(() => loaded.save())).toEqual({ evalsha: 1 });
      expect(await count(() => loaded.destroy())).toEqual({ unlink: 1 });
    });

    // Last: it empties the script caches that the tests above rely on.
    test('after SCRIPT FLUSH, the first call reloads the script: EVALSHA then EVAL', async () => {
      const sid = newSid();
      await driver.create(sid, newRecord({ a: '1' }));
      await Promise.all(client.ports.map((port) => redisCli(port, ['script', 'flush'])));
      expect(await count(() => driver.read(sid, now(true)))).toEqual({ evalsha: 1, eval: 1 });
      expect(await count(() => driver.read(sid, now(true)))).toEqual({ evalsha: 1 });
    });
  },
);
