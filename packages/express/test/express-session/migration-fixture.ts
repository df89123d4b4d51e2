import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Browser } from '@vial/adapter-test-suite';
import { Vial } from '@vial/core';
import { nodeRedisDriver } from '@vial/driver-node-redis';
import { type RedisServer, startRedisServer } from '@vial/test-redis';
import { RedisStore } from 'connect-redis';
import express from 'express';
import session from 'express-session';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { MigrateFromOptions, UserIdOf } from '../../src/index.js';
import { type Served, serve } from './app.js';
import { passportRoutes } from './passport-app.js';

export const OLD_SECRET = 'the express-session secret';
export const ROTATED = 'a newer express-session secret';

type Routes = (app: express.Express) => void;

/**
 * A real Redis, connect-redis 9 on it, and the two apps of a move: the old
 * one on express-session and the new one on `expressSession({ migrateFrom })`,
 * both with passport. Registers its own hooks; every server it started is
 * closed after each test.
 */
export function useMigration() {
  let redis: RedisServer;
  let client: ReturnType<typeof createClient>;
  let store: RedisStore;
  beforeAll(async () => {
    redis = await startRedisServer();
    client = createClient({ url: redis.url });
    await client.connect();
    store = new RedisStore({ client });
  }, 30_000);
  afterAll(async () => {
    await client?.close();
    await redis?.stop();
  });
  let served: Served[] = [];
  afterEach(async () => {
    await Promise.all(served.map((s) => s.close()));
    served = [];
  });

  /** The app before the move: express-session + connect-redis, signing in with passport. */
  async function oldApp(secret: string | string[] = OLD_SECRET, routes: Routes = passportRoutes) {
    const app = express();
    app.use(
      session({
        store,
        secret,
        resave: false,
        saveUninitialized: false,
        cookie: { maxAge: 86_400_000 },
      }),
    );
    routes(app);
    const { url, close } = await listen(createServer(app));
    served.push({ url, errors: [], browser: () => new Browser(url), close });
    return url;
  }

  /** The app after the move: expressSession() on a Vial in the same Redis, migrating from the old store. */
  async function newApp(
    options: {
      clock?: () => number;
      store?: RedisStore;
      userIdOf?: UserIdOf;
      migrateFrom?: Partial<MigrateFromOptions>;
      routes?: Routes;
    } = {},
  ) {
    const vial = new Vial({
      driver: nodeRedisDriver(client),
      ttl: '1d',
      ...(options.clock ? { clock: options.clock } : {}),
    });
    const app = await serve(
      {
        vial,
        migrateFrom: {
          store: options.store ?? store,
          secret: [ROTATED, OLD_SECRET],
          ...options.migrateFrom,
        },
        ...(options.userIdOf ? { userIdOf: options.userIdOf } : {}),
      },
      options.routes ?? passportRoutes,
    );
    served.push(app);
    return { ...app, vial };
  }

  /**
   * A proxy that sends each request to the next of `targets` in turn, as a
   * load balancer during a rolling deploy; `targets` can change under it.
   */
  async function roundRobin(targets: string[]) {
    let turn = 0;
    const answeredBy: string[] = [];
    const proxy = createServer((req, res) => {
      const target = new URL(targets[turn++ % targets.length] as string);
      answeredBy.push(target.origin);
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (error) => res.writeHead(502).end(String(error)));
      req.pipe(upstream);
    });
    const { url, close } = await listen(proxy);
    served.push({ url, errors: [], browser: () => new Browser(url), close });
    return { url, targets, answeredBy };
  }

  /** Signs alice in on the old app; returns the browser cookie's sid and value. */
  async function signedInOnOldApp(browser: Browser) {
    const old = await oldApp();
    const login = await fetch(`${old}/visit`);
    const cookie = login.headers.getSetCookie()[0]?.split(';')[0] as string;
    const signedIn = await fetch(`${old}/login?username=alice&password=wonderland`, {
      headers: { cookie },
    });
    expect(await signedIn.text()).toBe('welcome');
    const line = signedIn.headers.getSetCookie()[0] as string;
    const value = decodeURIComponent(line.split(';')[0]?.split('=')[1] as string);
    browser.jar.set('connect.sid', encodeURIComponent(value));
    const sid = value.slice(2, value.lastIndexOf('.'));
    expect(await client.exists(`sess:${sid}`)).toBe(1);
    return { sid, value };
  }

  return {
    oldApp,
    newApp,
    roundRobin,
    signedInOnOldApp,
    get client() {
      return client;
    },
    get store() {
      return store;
    },
    get redis() {
      return redis;
    },
  };
}

async function listen(server: ReturnType<typeof createServer>) {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, close };
}
