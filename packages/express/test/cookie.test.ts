import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Browser } from '@vial/adapter-test-suite';
import { Vial } from '@vial/core';
import { memoryDriver } from '@vial/driver-memory';
import express from 'express';
import { afterEach, describe, expect, test } from 'vitest';
import { vialSession } from '../src/index.js';
import { startServer, type TestServer } from './servers.js';

const NEW_SECRET = 'a-new-secret-of-32-characters!!!';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('signed cookies', () => {
  test('a cookie set before its value recorded an expiry opens its session and is set again once', async () => {
    server = await startServer('express 5', { secret: NEW_SECRET });
    const browser = new Browser(server.url);
    await browser.get('/set?color=blue');
    const value = browser.jar.get('vial') as string;
    browser.jar.set('vial', value.slice(0, value.lastIndexOf('~'))); // <token>.<signature>
    expect(await browser.text('/get')).toBe('{"color":"blue"}');
    expect(browser.jar.get('vial')).toBe(value);
    expect(await browser.text('/get')).toBe('{"color":"blue"}');
    expect(browser.lastSetCookies).toEqual([]);
  });
});

describe('cookie attributes', () => {
  test("secure: 'auto' follows Express's trust proxy setting", async () => {
    server = await startServer('express 5', {}, (app) => app.set('trust proxy', 'loopback'));
    const browser = new Browser(server.url);
    await browser.get('/set?a=1', { 'x-forwarded-proto': 'https' });
    expect(browser.lastSetCookies[0]?.secure).toBe(true);
    await server.close();

    server = await startServer('express 5');
    const untrusting = new Browser(server.url);
    await untrusting.get('/set?a=1', { 'x-forwarded-proto': 'https' });
    expect(untrusting.lastSetCookies[0]?.secure).toBeUndefined();
  });
});

describe('lazy mode', () => {
  test('req.session throws a clear error until loadSession() resolved', async () => {
    server = await startServer('express 5', { lazy: true });
    const response = await fetch(`${server.url}/get`);
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/await req\.loadSession\(\)/);
  });
});

test("without an error handler of its own, Express's final handler answers a store outage with 503, the error's status", async () => {
  const flaky = await startServer('express 5');
  const browser = new Browser(flaky.url);
  await browser.get('/set?a=1');
  await flaky.close();
  const vial = new Vial({
    driver: {
      name: 'down',
      read: () => Promise.reject(new Error('ECONNREFUSED')),
      create: () => Promise.reject(new Error('ECONNREFUSED')),
      update: () => Promise.reject(new Error('ECONNREFUSED')),
      touch: () => Promise.reject(new Error('ECONNREFUSED')),
      destroy: () => Promise.reject(new Error('ECONNREFUSED')),
    },
  });
  const app = express();
  app.use(vialSession({ vial }));
  app.get('/', (_req, res) => {
    res.send('should not be reached');
  });
  const down = await listen(app);
  const response = await fetch(down.url, {
    headers: { cookie: `vial=${browser.jar.get('vial')}` },
  });
  expect(response.status).toBe(503);
  await down.close();
});

describe('the held response', () => {
  test('a writeHead hook added after vialSession() still runs when a save held the response', async () => {
    const vial = new Vial({ driver: memoryDriver({ sweepIntervalMs: false }) });
    const app = express();
    app.use(vialSession({ vial }));
    // What on-headers (response-time, morgan) does: wrap writeHead after the session middleware.
    app.use((_req, res, next) => {
      const writeHead = res.writeHead;
      res.writeHead = function hooked(this: typeof res, ...args: unknown[]) {
        this.setHeader('x-hooked', 'yes');
        return (writeHead as (...a: unknown[]) => typeof res).apply(this, args);
      } as typeof res.writeHead;
      next();
    });
    app.get('/set', (req, res) => {
      req.session.set('n', 1);
      res.send('ok');
    });
    const running = await listen(app);
    const response = await fetch(`${running.url}/set`);
    expect(await response.text()).toBe('ok');
    expect(response.headers.get('x-hooked')).toBe('yes');
    expect(response.headers.getSetCookie()).toHaveLength(1);
    await running.close();
  });

  test('req.loadSession works detached from req, and gives the session the route put in place', async () => {
    const vial = new Vial({ driver: memoryDriver({ sweepIntervalMs: false }) });
    const app = express();
    app.use(vialSession({ vial, lazy: true }));
    app.get('/', async (req, res) => {
      const { loadSession } = req;
      const loaded = await loadSession();
      const replacement = vial.session();
      replacement.set('n', 2);
      req.session = replacement as unknown as typeof req.session;
      res.send(String(loaded !== req.session && (await loadSession()) === req.session));
    });
    const running = await listen(app);
    const browser = new Browser(running.url);
    expect(await browser.text('/')).toBe('true');
    expect(browser.lastSetCookies).toHaveLength(1);
    await running.close();
  });
});

/** A bare Express 5 app around `middleware`, with /set (counts) and /get. */
async function listen(handler: express.RequestHandler | express.Express) {
  let app: express.Express;
  if ('listen' in handler) app = handler;
  else {
    app = express();
    app.use(handler);
    app.get('/set', (req, res) => {
      req.session.set('n', ((req.session.get('n') as number | undefined) ?? 0) + 1);
      res.send('ok');
    });
    app.get('/get', (req, res) => {
      res.send(JSON.stringify(req.session.toJSON()));
    });
  }
  const httpServer = createServer(app);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}
