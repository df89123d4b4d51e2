import type { Server } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import { Vial } from '@vial/core';
import { ioredisDriver } from '@vial/driver-ioredis';
import { vialSession } from '@vial/fastify';
import { RedisStore } from 'connect-redis';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { DAY_MS } from '../payload.js';
import {
  addFastifyBareRoutes,
  addFastifyRoutes,
  type FastifySessionAccess,
} from './fastify-routes.js';

/** The Fastify apps of the HTTP benchmark, by the name the server child is started with. */
export const FASTIFY_APP_NAMES = [
  'fastify-bare',
  'fastify-session-connect-redis',
  'vial-fastify-ioredis',
] as const;

/** One of {@link FASTIFY_APP_NAMES}. */
export type FastifyAppName = (typeof FASTIFY_APP_NAMES)[number];

/** What the tables call each Fastify app. */
export const FASTIFY_APP_LABELS: Record<FastifyAppName, string> = {
  'fastify-bare': 'bare fastify (no session)',
  'fastify-session-connect-redis': '@fastify/session + connect-redis 8.1 (ioredis)',
  'vial-fastify-ioredis': '@vial/fastify + ioredis driver',
};

/** Fastify apps whose sessions live in Redis. */
export const FASTIFY_REDIS_APPS: readonly FastifyAppName[] = [
  'fastify-session-connect-redis',
  'vial-fastify-ioredis',
];

/** The session stack each Fastify app is compared with (see `BASELINE_OF` in `apps.ts`). */
export const FASTIFY_BASELINE_OF: Partial<Record<FastifyAppName, FastifyAppName>> = {
  'fastify-session-connect-redis': 'fastify-session-connect-redis',
  'vial-fastify-ioredis': 'fastify-session-connect-redis',
};

/** Whether `name` is one of the Fastify apps. */
export function isFastifyApp(name: string): name is FastifyAppName {
  return (FASTIFY_APP_NAMES as readonly string[]).includes(name);
}

// Both plugins sign their cookie with this (@fastify/session requires 32 characters).
const SECRET = 'vial-bench-cookie-secret-0123456789abcdef';

interface Keyed {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}
const sessionOf = (request: unknown) => (request as { session: Keyed }).session;

// Both session objects have get/set; @fastify/session keeps the data as own properties.
const vialAccess: FastifySessionAccess = {
  get: (request, key) => sessionOf(request).get(key),
  set: (request, key, value) => sessionOf(request).set(key, value),
  keys: (request) => [...(sessionOf(request) as unknown as { keys(): Iterable<string> }).keys()],
};
const fastifySessionAccess: FastifySessionAccess = {
  get: (request, key) => sessionOf(request).get(key),
  set: (request, key, value) => sessionOf(request).set(key, value),
  keys: (request) => Object.keys(sessionOf(request)).filter((key) => key !== 'cookie'),
};

/** Builds Fastify app `name`; `redisUrl` is where the Redis-backed apps keep their sessions. */
export async function buildFastifyApp(
  name: FastifyAppName,
  redisUrl: string,
): Promise<FastifyInstance> {
  const app = Fastify({ keepAliveTimeout: 60_000 });
  switch (name) {
    case 'fastify-bare':
      addFastifyBareRoutes(app);
      break;
    case 'fastify-session-connect-redis':
      // As its README sets it up, with express-session's bench settings: no empty
      // sessions stored, a 1-day cookie over plain HTTP. `rolling` stays at its
      // default (true), which slides the expiry like vial's: a SET per request.
      await app.register(fastifyCookie);
      await app.register(fastifySession, {
        secret: SECRET,
        saveUninitialized: false,
        cookie: { maxAge: DAY_MS, httpOnly: true, secure: false },
        store: new RedisStore({ client: new Redis(redisUrl) }) as never,
      });
      addFastifyRoutes(app, fastifySessionAccess, false);
      break;
    case 'vial-fastify-ioredis':
      await app.register(vialSession, {
        vial: new Vial({ driver: ioredisDriver(new Redis(redisUrl)), ttl: '1d' }),
        secret: SECRET,
      });
      addFastifyRoutes(app, vialAccess, true);
      break;
  }
  return app;
}

/** Starts Fastify app `name` on a free loopback port; resolves to its `node:http` server. */
export async function listenFastifyApp(name: FastifyAppName, redisUrl: string): Promise<Server> {
  const app = await buildFastifyApp(name, redisUrl);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app.server;
}
