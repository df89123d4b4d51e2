import { Browser } from '@vial/adapter-test-suite';
import { SessionGoneError, StorageUnavailableError, Vial } from '@vial/core';
import { ioredisDriver } from '@vial/driver-ioredis';
import { eventually, type RedisServer, startRedisServer } from '@vial/test-redis';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { vialSession } from '../src/index.js';
import { injector } from './support/inject.js';

// A server of its own, which the tests kill and restart; an append-only file
// fsynced on every write, so that a restart brings back what was written.
let redis: RedisServer;
let client: Redis;
let app: FastifyInstance;
let errors: unknown[];
let vial: Vial;
/** Resolves once /slow has changed the session; `release()` lets it answer. */
let inRoute: Promise<void>;
let release: () => void;

beforeEach(async () => {
  redis = await startRedisServer({ args: ['--appendonly', 'yes', '--appendfsync', 'always'] });
  // Fail commands fast while the server is down, as the ioredis driver's README advises.
  client = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  client.on('error', () => {});
  vial = new Vial({ driver: ioredisDriver(client), ttl: '1h' });
  errors = [];
  app = Fastify();
  app.addHook('onError', async (_request, _reply, error) => {
    errors.push(error);
  });
  await app.register(vialSession, { vial });
  app.get('/count', { config: { session: true } }, (request) => {
    const visits = Number(request.session.get('visits') ?? 0) + 1;
    request.session.set('visits', visits);
    return { visits };
  });
  let arrived = () => {};
  inRoute = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  app.get('/slow', { config: { session: true } }, async (request) => {
    request.session.set('note', 'written while the store died');
    request.session.set('visits', 1000);
    arrived();
    await gate;
    return 'ok';
  });
  await app.ready();
});

afterEach(async () => {
  await app.close();
  client.disconnect();
  await redis.stop();
});

function browser(): Browser {
  return new Browser('http://app.test', injector(app));
}

describe('a store outage', () => {
  test("a load while Redis is down answers 503 through Fastify's error handler, and the counter goes on once it is back", async () => {
    const b = browser();
    expect(await b.text('/count')).toBe('{"visits":1}');
    expect(await b.text('/count')).toBe('{"visits":2}');
    const cookie = b.jar.get('vial');
    await redis.kill();
    const down = await b.get('/count');
    expect(down.status).toBe(503);
    expect((await down.json()) as object).toMatchObject({
      statusCode: 503,
      code: 'VIAL_STORAGE_UNAVAILABLE',
    });
    expect(down.headers.getSetCookie()).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StorageUnavailableError);
    expect(b.jar.get('vial')).toBe(cookie);
    await redis.restart();
    await eventually(() => client.ping());
    expect(await b.text('/count')).toBe('{"visits":3}');
  });

  test('a save that fails answers 503 instead of the route’s reply, and writes nothing of it', async () => {
    const b = browser();
    await b.get('/count');
    const pending = b.get('/slow');
    await inRoute;
    await redis.kill();
    release();
    const response = await pending;
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/storage failed during save/);
    expect(response.headers.getSetCookie()).toEqual([]);
    await redis.restart();
    await eventually(() => client.ping());
    // Neither key of the failed save was written; the session is as it was.
    expect(await b.text('/count')).toBe('{"visits":2}');
  });

  test('a new session that cannot be stored answers 503 and sets no cookie', async () => {
    await redis.kill();
    const b = browser();
    const response = await b.get('/count');
    expect(response.status).toBe(503);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(b.jar.size).toBe(0);
  });
});

describe('a session that ends while a request still uses it', () => {
  test("the save fails with SessionGoneError to Fastify's error handler, as with Express; the session stays gone and its cookie is cleared next time", async () => {
    const b = browser();
    await b.get('/count');
    const sid = (b.jar.get('vial') as string).split('.')[0] as string;
    const pending = b.get('/slow');
    await inRoute;
    await vial.revoke(sid); // signed out elsewhere meanwhile
    release();
    const response = await pending;
    expect(response.status).toBe(500);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(SessionGoneError);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await client.keys('*')).toEqual([]);
    expect(await b.text('/count')).toBe('{"visits":1}');
    expect(b.lastSetCookies).toHaveLength(1);
    expect((b.jar.get('vial') as string).split('.')[0]).not.toBe(sid);
  });
});

test('without an error handler of its own, Fastify answers a store outage with 503, the error’s status', async () => {
  const down = new Vial({ driver: ioredisDriver(client) });
  const bare = Fastify();
  await bare.register(vialSession, { vial: down });
  bare.get('/', { config: { session: true } }, () => 'should not be reached');
  const b = new Browser('http://app.test', injector(bare));
  await b.get('/'); // no cookie: a new session, nothing stored
  const seeded = browser();
  await seeded.get('/count');
  await redis.kill();
  b.jar.set('vial', seeded.jar.get('vial') as string);
  const response = await b.get('/');
  expect(response.status).toBe(503);
  await bare.close();
});
