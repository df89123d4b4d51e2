import { Readable } from 'node:stream';
import { Browser } from '@vial/adapter-test-suite';
import { Vial } from '@vial/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { type VialSessionOptions, vialSession } from '../../src/index.js';
import { injector } from './inject.js';
import { type CountedStore, countedStore, type StoreKind } from './stores.js';

/** How a test's requests reach the app: Fastify's `inject()`, or real HTTP on a loopback port. */
export type Transport = 'inject' | 'http';

type Data = Record<string, unknown>;
const withSession = { config: { session: true } };

/** A running test app, and what the tests look at. */
export interface TestApp {
  app: FastifyInstance;
  vial: Vial<Data>;
  store: CountedStore;
  /** The store's clock, still until a test moves it (epoch ms). */
  clock: { now: number };
  /** What reached Fastify's error handler. */
  errors: unknown[];
  /** A new cookie-keeping client of this app. */
  browser(): Browser;
  close(): Promise<void>;
}

/** Options of {@link testApp}. */
export interface TestAppOptions {
  store?: StoreKind;
  transport?: Transport;
  /** Share the store and the Vial of another app (secret rotation). */
  shared?: Pick<TestApp, 'store' | 'vial' | 'clock'>;
  /** Called after the plugin, before the routes: extra routes or hooks. */
  configure?: (app: FastifyInstance, vial: Vial<Data>) => void;
  fastify?: { trustProxy?: string };
}

/** A Fastify 5 app with the plugin and routes that touch the session in each way. */
export async function testApp(
  plugin: Omit<VialSessionOptions<Data>, 'vial'> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const clock = options.shared?.clock ?? { now: Date.now() };
  const store = options.shared?.store ?? countedStore(options.store ?? 'memory', () => clock.now);
  const vial =
    options.shared?.vial ??
    new Vial<Data>({ driver: store.driver, ttl: '1h', clock: () => clock.now });
  const app = Fastify(options.fastify);
  const errors: unknown[] = [];
  app.setErrorHandler((error, _request, reply) => {
    errors.push(error);
    // Fastify's own handler answers with the error's status: 503 for StorageUnavailableError.
    reply.send(error);
  });
  app.register(vialSession, { vial, ...plugin });
  options.configure?.(app, vial);
  addRoutes(app, vial);
  let browser: () => Browser;
  if (options.transport === 'http') {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = () => new Browser(address);
  } else {
    await app.ready();
    browser = () => new Browser('http://app.test', injector(app));
  }
  return { app, vial, store, clock, errors, browser, close: () => app.close() };
}

function addRoutes(app: FastifyInstance, vial: Vial<Data>): void {
  app.get('/untouched', () => 'ok');
  app.get('/get', withSession, (request) => request.session.toJSON());
  app.get('/set', withSession, (request) => {
    for (const [key, value] of new URL(request.url, 'http://x').searchParams) {
      request.session.set(key, value);
    }
    return 'ok';
  });
  app.get('/count', withSession, (request) => {
    const visits = ((request.session.get('visits') as number | undefined) ?? 0) + 1;
    request.session.set('visits', visits);
    return { visits };
  });
  app.get('/stream', withSession, (request, reply) => {
    request.session.set('streamed', true);
    reply.type('text/plain');
    return reply.send(Readable.from(['first ', 'last']));
  });
  app.get('/destroy', withSession, async (request) => {
    await request.session.destroy();
    return 'bye';
  });
  app.get('/destroy-and-flash', withSession, async (request) => {
    await request.session.destroy();
    request.session = vial.session();
    request.session.set('flash', 'signed out');
    return 'bye';
  });
  app.get('/regenerate', withSession, async (request) => {
    await request.session.regenerate();
    return 'new token';
  });
  app.get('/lazy', async (request) => {
    const session = await request.loadSession();
    session.set('lazy', 'loaded');
    return request.session === session ? 'same' : 'different';
  });
  app.get('/not-asked', (request) => request.session.toJSON());
  app.get('/opted-out', { config: { session: false } }, () => 'ok');
}
