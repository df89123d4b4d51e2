// Prints Redis MEMORY USAGE of one realistic session stored by vial (ioredis
// driver) and by connect-redis 8.1 (express-session's JSON string), and the
// ratio. Starts its own throwaway redis-server with default settings.
//
//   pnpm --filter @vial/driver-ioredis build && node packages/driver-ioredis/bench/memory.mjs
//
// Also a module: `measureRedisMemory(redis)` runs the same measurement on a
// client you pass (the root benchmark, bench/, uses it on its own server).
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Vial } from '@vial/core';
import { realisticSessionData } from '@vial/driver-test-suite/fixtures';
import { startRedisServer } from '@vial/test-redis';
import { RedisStore } from 'connect-redis';
import session from 'express-session';
import Redis from 'ioredis';
import { ioredisDriver } from '../dist/index.js';

const DAY_MS = 86_400_000;
const SAMPLES = 200;

/**
 * Stores `samples` sessions with vial and with connect-redis 8.1 through the
 * ioredis client `redis`, and resolves to average bytes per session:
 * `{ redisVersion, listpackValue, samples, vial: { usage, value, afterUpdate, afterStep },
 * connectRedis: { usage, value }, ratio }` (`usage` is MEMORY USAGE, `value`
 * the string's length). Keys use the prefixes `vial:s:` and `sess:`.
 */
export async function measureRedisMemory(redis, { samples = SAMPLES } = {}) {
  // A clock of our own, so a load can be moved past one expiry step (1 % of the day).
  let offset = 0;
  const vial = new Vial({ driver: ioredisDriver(redis), ttl: '1d', clock: () => Date.now() + offset });
  const store = new RedisStore({ client: redis }); // prefix 'sess:'
  const totals = { fresh: 0, updated: 0, stepped: 0, value: 0, connect: 0, connectValue: 0 };
  const usage = (sid) => redis.memory('USAGE', `vial:s:${sid}`);
  for (let i = 0; i < samples; i++) {
    offset = 0;
    const stored = vial.session();
    for (const [key, value] of Object.entries(realisticSessionData(i))) stored.set(key, value);
    await stored.save();
    totals.fresh += await usage(stored.sid);
    totals.value += (await redis.lrange(`vial:s:${stored.sid}`, 0, -1)).join('').length;
    // A save appends its change to the session's list...
    const changed = await vial.load(stored.id);
    changed.set('visits', 43);
    await changed.save();
    totals.updated += await usage(stored.sid);
    // ...until the next load that moves the expiry (once per 1 % of ttl) compacts it.
    offset = 0.02 * DAY_MS;
    await vial.load(stored.id);
    totals.stepped += await usage(stored.sid);

    // express-session's default sid is uid-safe(24): 32 base64url characters.
    const expressSid = randomBytes(24).toString('base64url');
    const cookie = new session.Cookie({
      maxAge: DAY_MS,
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
    });
    await new Promise((resolve, reject) =>
      store.set(expressSid, { cookie, ...realisticSessionData(i) }, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    totals.connect += await redis.memory('USAGE', `sess:${expressSid}`);
    totals.connectValue += await redis.strlen(`sess:${expressSid}`);
  }
  const avg = (total) => Math.round(total / samples);
  const config = await redis.config('GET', 'hash-max-listpack-value');
  return {
    redisVersion: (await redis.info('server')).match(/redis_version:(\S+)/)[1],
    listpackValue: Number(config[1]),
    samples,
    vial: {
      usage: avg(totals.fresh),
      value: avg(totals.value),
      afterUpdate: avg(totals.updated),
      afterStep: avg(totals.stepped),
    },
    connectRedis: { usage: avg(totals.connect), value: avg(totals.connectValue) },
    ratio: totals.fresh / totals.connect,
  };
}

async function main() {
  const server = await startRedisServer();
  const redis = new Redis(server.url);
  try {
    const m = await measureRedisMemory(redis);
    console.log(
      `redis ${m.redisVersion}, hash-max-listpack-value ${m.listpackValue}, ${m.samples} sessions each`,
    );
    console.log(
      `vial (ioredis driver)  MEMORY USAGE ${m.vial.usage} bytes/session  (value ${m.vial.value} bytes)`,
    );
    console.log(`  after a save of one change: ${m.vial.afterUpdate} bytes/session`);
    console.log(`  after the next load that moves the expiry: ${m.vial.afterStep} bytes/session`);
    console.log(
      `connect-redis 8.1      MEMORY USAGE ${m.connectRedis.usage} bytes/session  (value ${m.connectRedis.value} bytes)`,
    );
    console.log(`ratio vial / connect-redis: ${m.ratio.toFixed(3)}`);
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
