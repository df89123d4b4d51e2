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
import { realisticSessionData, realisticSessionFields } from '@vial/driver-test-suite';
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
 * `{ redisVersion, listpackValue, samples, vial: { usage, value, afterUpdate },
 * connectRedis: { usage, value }, ratio }` (`usage` is MEMORY USAGE, `value`
 * the string's length). Keys use the prefixes `vial:s:` and `sess:`.
 */
export async function measureRedisMemory(redis, { samples = SAMPLES } = {}) {
  const driver = ioredisDriver(redis);
  const store = new RedisStore({ client: redis }); // prefix 'sess:'
  let vialBytes = 0;
  let connectBytes = 0;
  let vialValue = 0;
  let vialUpdated = 0;
  let connectValue = 0;
  for (let i = 0; i < samples; i++) {
    const now = Date.now();
    // What core writes: data fields plus the token digest and createdAt.
    const fields = new Map([
      ['#t', randomBytes(32).toString('base64url')],
      ['#c', String(now)],
      ...realisticSessionFields(i),
    ]);
    const sid = randomBytes(16).toString('base64url');
    await driver.create(sid, { fields, expiry: { idleMs: DAY_MS, deadline: null }, now });
    vialBytes += await redis.memory('USAGE', `vial:s:${sid}`);
    vialValue += await redis.strlen(`vial:s:${sid}`);
    // A save rewrites the string in Lua; check that it does not grow the allocation.
    const later = now + 1000;
    await driver.update(sid, {
      set: new Map([['visits', '43']]),
      del: [],
      expiry: { idleMs: DAY_MS, deadline: null },
      now: later,
    });
    await driver.read(sid, { now: later + 1000, touch: true });
    vialUpdated += await redis.memory('USAGE', `vial:s:${sid}`);

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
    connectBytes += await redis.memory('USAGE', `sess:${expressSid}`);
    connectValue += await redis.strlen(`sess:${expressSid}`);
  }
  const avg = (total) => Math.round(total / samples);
  const config = await redis.config('GET', 'hash-max-listpack-value');
  return {
    redisVersion: (await redis.info('server')).match(/redis_version:(\S+)/)[1],
    listpackValue: Number(config[1]),
    samples,
    vial: { usage: avg(vialBytes), value: avg(vialValue), afterUpdate: avg(vialUpdated) },
    connectRedis: { usage: avg(connectBytes), value: avg(connectValue) },
    ratio: vialBytes / connectBytes,
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
    console.log(`  after an update and a touching read: ${m.vial.afterUpdate} bytes/session`);
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
