import { randomBytes } from 'node:crypto';
import { Vial } from '@vial/core';
import { ioredisDriver } from '@vial/driver-ioredis';
import { RedisStore } from 'connect-redis';
import expressSession, { type CookieOptions, type SessionData } from 'express-session';
import type { Redis } from 'ioredis';
import type { BenchConfig } from '../config.js';
import { DAY_MS, sessionData } from '../payload.js';

// express-session's Cookie takes its options at runtime; its types declare no constructor.
const Cookie = expressSession.Cookie as unknown as new (
  options: CookieOptions,
) => expressSession.Cookie;

/** Redis `MEMORY USAGE` per session of vial and of connect-redis, on the realistic payload. */
export interface RedisMemory {
  readonly redisVersion: string;
  /** `list-max-listpack-size`: a vial session stays one listpack node within it. */
  readonly listpackSize: number;
  readonly samples: number;
  /**
   * Bytes per session: MEMORY USAGE of a new session, the stored bytes
   * (sum of the list's elements), MEMORY USAGE after one saved change (it is
   * appended to the list), and after the next load that moves the expiry
   * (once per 1 % of ttl), which compacts the list.
   */
  readonly vial: {
    readonly usage: number;
    readonly value: number;
    readonly afterUpdate: number;
    readonly afterStep: number;
  };
  /** Bytes per session: MEMORY USAGE and the length of the stored JSON string. */
  readonly connectRedis: { readonly usage: number; readonly value: number };
  /** vial's MEMORY USAGE of a new session over connect-redis's. */
  readonly ratio: number;
}

/**
 * Stores `config.memory.redisSamples` sessions of the realistic payload
 * through vial (`vial.session()`, ioredis driver, default prefix: what an app
 * stores, token digest and creation time included) and through connect-redis
 * 8.1 (express-session's JSON with its cookie: 1 day, httpOnly, secure,
 * sameSite lax), via `redis`, and averages
 * `MEMORY USAGE` of their keys.
 */
export async function measureRedisMemory(redis: Redis, config: BenchConfig): Promise<RedisMemory> {
  const samples = config.memory.redisSamples;
  // A clock of its own, so that a load can be moved past one expiry step (1 % of the day).
  let offset = 0;
  const clock = () => Date.now() + offset;
  const vial = new Vial({ driver: ioredisDriver(redis), ttl: '1d', clock });
  const store = new RedisStore({ client: redis }); // prefix 'sess:'
  const usage = async (key: string) => Number(await redis.memory('USAGE', key));
  let vialUsage = 0;
  let vialValue = 0;
  let vialUpdated = 0;
  let vialStepped = 0;
  let connectUsage = 0;
  let connectValue = 0;
  for (let i = 0; i < samples; i++) {
    offset = 0;
    const session = vial.session();
    for (const [key, value] of Object.entries(sessionData(i))) session.set(key, value);
    await session.save();
    const key = `vial:s:${session.sid}`;
    vialUsage += await usage(key);
    for (const element of await redis.lrange(key, 0, -1)) vialValue += Buffer.byteLength(element);
    const loaded = await vial.load(session.id);
    loaded.set('visits', 43);
    await loaded.save();
    vialUpdated += await usage(key);
    offset = 0.02 * DAY_MS;
    await vial.load(session.id);
    vialStepped += await usage(key);

    // express-session's default sid is uid-safe(24): 32 base64url characters.
    const sid = randomBytes(24).toString('base64url');
    // A production cookie, as express-session's README sets one behind HTTPS.
    const cookie = new Cookie({ maxAge: DAY_MS, httpOnly: true, secure: true, sameSite: 'lax' });
    await new Promise<void>((resolve, reject) =>
      store.set(sid, { cookie, ...sessionData(i) } as SessionData, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    connectUsage += await usage(`sess:${sid}`);
    connectValue += Number(await redis.strlen(`sess:${sid}`));
  }
  const avg = (sum: number) => Math.round(sum / samples);
  const listpack = (await redis.config('GET', 'list-max-listpack-size')) as string[];
  return {
    redisVersion: /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown',
    listpackSize: Number(listpack[1]),
    samples,
    vial: {
      usage: avg(vialUsage),
      value: avg(vialValue),
      afterUpdate: avg(vialUpdated),
      afterStep: avg(vialStepped),
    },
    connectRedis: { usage: avg(connectUsage), value: avg(connectValue) },
    ratio: vialUsage / connectUsage,
  };
}
