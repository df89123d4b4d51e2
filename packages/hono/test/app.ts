import { Browser, flakyDriver } from '@vial/adapter-test-suite';
import { StorageUnavailableError, Vial } from '@vial/core';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { type VialEnv, type VialSessionOptions, vialSession } from '../src/index.js';

type Data = Record<string, unknown>;

/** A Hono app with `vialSession()` and routes that touch the session in each way; 503 on a store outage. */
export function testApp(
  options: Omit<VialSessionOptions<Data>, 'vial'> = {},
  shared?: { store: ReturnType<typeof flakyDriver>; vial: Vial<Data> },
) {
  // A still clock (epoch ms), so that no request crosses a cookie refresh step unless a test moves it.
  const clock = { now: Date.now() };
  const store = shared?.store ?? flakyDriver({ clock: () => clock.now });
  const vial = shared?.vial ?? new Vial<Data>({ driver: store.driver, ttl: '1h' });
  const app = new Hono<VialEnv<Data>>();
  const errors: unknown[] = [];
  app.onError((error, c) => {
    errors.push(error);
    return c.text(error.message, error instanceof StorageUnavailableError ? 503 : 500);
  });
  app.use(vialSession({ vial, ...options }));
  app.get('/untouched', (c) => c.text('ok'));
  app.get('/get', (c) => c.json(c.var.session.toJSON()));
  app.get('/set', (c) => {
    for (const [key, value] of new URL(c.req.url).searchParams) c.var.session.set(key, value);
    return c.text('ok');
  });
  app.get('/stream', (c) => {
    c.var.session.set('streamed', true);
    return stream(c, async (s) => {
      await s.write('first ');
      await s.write('last');
    });
  });
  app.get('/destroy', async (c) => {
    await c.var.session.destroy();
    return c.text('bye');
  });
  app.get('/destroy-and-flash', async (c) => {
    await c.var.session.destroy();
    c.set('session', vial.session());
    c.var.session.set('flash', 'signed out');
    return c.text('bye');
  });
  app.get('/regenerate', async (c) => {
    await c.var.session.regenerate();
    return c.text('new token');
  });
  app.get('/lazy', async (c) => {
    const session = await c.var.loadSession();
    session.set('lazy', 'loaded');
    return c.text(c.var.session === session ? 'same' : 'different');
  });
  const browser = () => new Browser('http://app.test', (request) => app.request(request));
  return { app, vial, store, clock, errors, browser };
}
