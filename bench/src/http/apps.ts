import type { Driver, Session } from '@vial/core';
import { Vial } from '@vial/core';
import { ioredisDriver } from '@vial/driver-ioredis';
import { memoryDriver } from '@vial/driver-memory';
import { nodeRedisDriver } from '@vial/driver-node-redis';
import { vialSession } from '@vial/express';
import { RedisStore } from 'connect-redis';
import { RedisStore as RedisStore9 } from 'connect-redis9';
import express, { type Express, type Request } from 'express';
import expressSession from 'express-session';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { DAY_MS } from '../payload.js';
import {
  FASTIFY_APP_LABELS,
  FASTIFY_APP_NAMES,
  FASTIFY_BASELINE_OF,
  FASTIFY_REDIS_APPS,
} from './fastify-apps.js';
import { addBareRoutes, addRoutes, type SessionAccess } from './routes.js';

/** The Express apps the HTTP benchmark runs, by the name the server child is started with. */
export const APP_NAMES = [
  'bare',
  'express-session-memory',
  'express-session-connect-redis',
  'express-session-connect-redis9',
  'vial-memory',
  'vial-ioredis',
  'vial-node-redis',
] as const;

/** One of {@link APP_NAMES}. */
export type ExpressAppName = (typeof APP_NAMES)[number];

/** Every app the HTTP benchmark runs: the Express ones, then the Fastify ones (`fastify-apps.ts`). */
export const ALL_APP_NAMES = [...APP_NAMES, ...FASTIFY_APP_NAMES] as const;

/** One of {@link ALL_APP_NAMES}. */
export type AppName = (typeof ALL_APP_NAMES)[number];

/** The apps without sessions: the ceiling of each framework. */
export const BARE_APPS: readonly AppName[] = ['bare', 'fastify-bare'];

/** What the tables call each app. */
export const APP_LABELS: Record<AppName, string> = {
  bare: 'bare express (no session)',
  'express-session-memory': 'express-session + MemoryStore',
  'express-session-connect-redis': 'express-session + connect-redis 8.1 (ioredis)',
  'express-session-connect-redis9': 'express-session + connect-redis 9 (node-redis)',
  'vial-memory': '@vial/express + memory driver',
  'vial-ioredis': '@vial/express + ioredis driver',
  'vial-node-redis': '@vial/express + node-redis driver',
  ...FASTIFY_APP_LABELS,
};

/** Apps whose sessions live in Redis. */
export const REDIS_APPS: readonly AppName[] = [
  'express-session-connect-redis',
  'express-session-connect-redis9',
  'vial-ioredis',
  'vial-node-redis',
  ...FASTIFY_REDIS_APPS,
];

/**
 * The session stack each app is compared with: the usual middleware of its
 * framework on the same storage and client (bare apps have none).
 */
export const BASELINE_OF: Partial<Record<AppName, AppName>> = {
  'express-session-memory': 'express-session-memory',
  'express-session-connect-redis': 'express-session-connect-redis',
  'express-session-connect-redis9': 'express-session-connect-redis9',
  'vial-memory': 'express-session-memory',
  'vial-ioredis': 'express-session-connect-redis',
  'vial-node-redis': 'express-session-connect-redis9',
  ...FASTIFY_BASELINE_OF,
};

// Both middlewares sign their cookie with this; express-session requires a secret.
const SECRET = 'vial-bench-cookie-secret-0123456789abcdef';

const vialAccess: SessionAccess = {
  get: (req, key) => sessionOf(req).get(key),
  set: (req, key, value) => {
    sessionOf(req).set(key, value);
  },
  keys: (req) => [...sessionOf(req).keys()],
};

function sessionOf(req: Request): Session {
  return (req as unknown as { session: Session }).session;
}

const expressSessionAccess: SessionAccess = {
  get: (req, key) => (req.session as unknown as Record<string, unknown>)[key],
  set: (req, key, value) => {
    (req.session as unknown as Record<string, unknown>)[key] = value;
  },
  keys: (req) => Object.keys(req.session).filter((key) => key !== 'cookie'),
};

/** express-session as its README recommends for a store: no resave, no empty sessions, 1-day cookie. */
function expressSessionMiddleware(store?: expressSession.Store) {
  return expressSession({
    secret: SECRET,
    resave: false,
    saveUninitialized: false,
    cookie: { maxAge: DAY_MS, httpOnly: true },
    ...(store ? { store } : {}),
  });
}

/** A connected node-redis client of `url`. */
async function nodeRedisClient(url: string) {
  const client = createClient({ url });
  client.on('error', (error) => console.error('node-redis:', error));
  await client.connect();
  return client;
}

function vialMiddleware(driver: Driver) {
  return vialSession({ vial: new Vial({ driver, ttl: '1d' }), secret: SECRET });
}

/** Builds Express app `name`; `redisUrl` is where the Redis-backed apps keep their sessions. */
export async function buildApp(name: ExpressAppName, redisUrl: string): Promise<Express> {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  switch (name) {
    case 'bare':
      addBareRoutes(app);
      break;
    case 'express-session-memory':
      app.use(expressSessionMiddleware(new expressSession.MemoryStore()));
      addRoutes(app, expressSessionAccess);
      break;
    case 'express-session-connect-redis':
      app.use(expressSessionMiddleware(new RedisStore({ client: new Redis(redisUrl) })));
      addRoutes(app, expressSessionAccess);
      break;
    case 'express-session-connect-redis9':
      app.use(
        expressSessionMiddleware(new RedisStore9({ client: await nodeRedisClient(redisUrl) })),
      );
      addRoutes(app, expressSessionAccess);
      break;
    case 'vial-memory':
      app.use(vialMiddleware(memoryDriver()));
      addRoutes(app, vialAccess);
      break;
    case 'vial-ioredis':
      app.use(vialMiddleware(ioredisDriver(new Redis(redisUrl))));
      addRoutes(app, vialAccess);
      break;
    case 'vial-node-redis':
      app.use(vialMiddleware(nodeRedisDriver(await nodeRedisClient(redisUrl))));
      addRoutes(app, vialAccess);
      break;
  }
  return app;
}
