import { InvalidOptionError, type Session, Vial } from '@vial/core';
import { memoryDriver } from '@vial/driver-memory';
import { beginRequest, resolveHttpOptions } from '@vial/http';
import Fastify from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import { vialSession } from '../src/index.js';
import { type TestApp, testApp } from './support/app.js';

const OLD_SECRET = 'an-old-secret-of-32-characters!!';
const NEW_SECRET = 'a-new-secret-of-32-characters!!!';

let apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps) await app.close();
  apps = [];
});
async function start(...args: Parameters<typeof testApp>): Promise<TestApp> {
  const app = await testApp(...args);
  apps.push(app);
  return app;
}

describe('signed cookies', () => {
  test('a cookie signed with the current secret opens its session', async () => {
    const server = await start({ secret: NEW_SECRET });
    const browser = server.browser();
    await browser.get('/set?color=blue');
    expect((browser.jar.get('vial') as string).split('.')).toHaveLength(3);
    expect(await browser.text('/get')).toBe('{"color":"blue"}');
  });

  test('a tampered signature gets a fresh session without any storage call, and the cookie is cleared', async () => {
    const server = await start({ secret: NEW_SECRET });
    const browser = server.browser();
    await browser.get('/set?color=blue');
    const [sid, secret] = (browser.jar.get('vial') as string).split('.');
    browser.jar.set('vial', `${sid}.${secret}.${'A'.repeat(43)}`);
    server.store.reset();
    expect(await browser.text('/get')).toBe('{}');
    expect(server.store.total()).toBe(0);
    expect(browser.lastSetCookies).toMatchObject([{ name: 'vial', maxAge: 0 }]);
  });

  test('a cookie signed by another app with another secret opens nothing', async () => {
    const server = await start({ secret: NEW_SECRET });
    const other = await start({ secret: OLD_SECRET }, { shared: server });
    const browser = other.browser();
    await browser.get('/set?color=blue');
    const stolen = server.browser();
    stolen.jar.set('vial', browser.jar.get('vial') as string);
    expect(await stolen.text('/get')).toBe('{}');
  });

  test('rotation: a cookie signed with an older secret is accepted and re-signed with the first', async () => {
    const before = await start({ secret: OLD_SECRET });
    const browser = before.browser();
    await browser.get('/set?color=green');
    const oldValue = browser.jar.get('vial') as string;
    const after = await start({ secret: [NEW_SECRET, OLD_SECRET] }, { shared: before });
    const rotated = after.browser();
    rotated.jar.set('vial', oldValue);
    expect(await rotated.text('/get')).toBe('{"color":"green"}');
    const newValue = rotated.jar.get('vial') as string;
    expect(newValue).not.toBe(oldValue);
    expect(newValue.slice(0, newValue.lastIndexOf('.'))).toBe(
      oldValue.slice(0, oldValue.lastIndexOf('.')),
    );
    expect(await rotated.text('/get')).toBe('{"color":"green"}');
    expect(rotated.lastSetCookies).toEqual([]);
  });

  test('cookies are signed as @vial/express and @vial/hono sign them: a session moves between them', async () => {
    const server = await start({ secret: NEW_SECRET });
    const settings = resolveHttpOptions({ vial: server.vial, secret: NEW_SECRET });
    const request = beginRequest(settings, undefined);
    const session = await request.load();
    session.set('from', 'express');
    const line = (await request.finish(session, () => false)) as string;
    const browser = server.browser();
    browser.jar.set('vial', line.split(';')[0]?.split('=')[1] as string);
    expect(await browser.text('/get')).toBe('{"from":"express"}');
  });
});

describe('cookie attributes', () => {
  test("secure: 'auto' follows request.protocol, which trusts X-Forwarded-Proto only with Fastify's trustProxy", async () => {
    const trusting = await start({}, { transport: 'http', fastify: { trustProxy: '127.0.0.1' } });
    const browser = trusting.browser();
    await browser.get('/set?a=1', { 'x-forwarded-proto': 'https' });
    expect(browser.lastSetCookies[0]?.secure).toBe(true);
    const untrusting = await start({}, { transport: 'http' });
    const other = untrusting.browser();
    await other.get('/set?a=1', { 'x-forwarded-proto': 'https' });
    expect(other.lastSetCookies[0]?.secure).toBeUndefined();
  });

  test('name, domain, path, sameSite, partitioned and a browser-session lifetime are applied', async () => {
    const server = await start({
      cookie: {
        name: '__Secure-s',
        domain: 'example.test',
        path: '/',
        secure: true,
        sameSite: 'none',
        partitioned: true,
        httpOnly: false,
        persistent: false,
      },
    });
    const [line] = (await server.browser().get('/set?a=1')).headers.getSetCookie();
    expect(line).toMatch(
      /^__Secure-s=[\w-]+\.[\w-]+; Domain=example\.test; Path=\/; Secure; Partitioned; SameSite=None$/,
    );
  });

  test('a Set-Cookie of the route itself is kept beside the session cookie', async () => {
    const server = await start(
      {},
      {
        configure: (app) =>
          app.get('/theme', { config: { session: true } }, (request, reply) => {
            request.session.set('theme', 'dark');
            reply.header('set-cookie', 'theme=dark; Path=/');
            return 'ok';
          }),
      },
    );
    const response = await server.browser().get('/theme');
    const lines = response.headers.getSetCookie();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('theme=dark; Path=/');
    expect(lines[1]).toMatch(/^vial=/);
  });

  test("with rolling: false, a request that changes nothing sends no Set-Cookie; a change past the cookie's step refreshes it", async () => {
    let now = Date.now();
    const driver = memoryDriver({ sweepIntervalMs: false, clock: () => now });
    const vial = new Vial<Record<string, unknown>>({ driver, rolling: false });
    const app = Fastify();
    await app.register(vialSession, { vial });
    app.get('/n', { config: { session: true } }, (request) => {
      if (request.query && (request.query as { bump?: string }).bump !== undefined) {
        request.session.set('n', ((request.session.get('n') as number) ?? 0) + 1);
      }
      return request.session.toJSON();
    });
    const first = await app.inject('/n?bump');
    const cookie = (first.headers['set-cookie'] as string).split(';')[0] as string;
    now += 60_000;
    const unchanged = await app.inject({ url: '/n', headers: { cookie } });
    expect(unchanged.body).toBe('{"n":1}');
    expect(unchanged.headers['set-cookie']).toBeUndefined();
    now += 14 * 60_000; // a 1-day ttl: 14-minute steps
    const changed = await app.inject({ url: '/n?bump', headers: { cookie } });
    expect(changed.body).toBe('{"n":2}');
    const refreshed = changed.headers['set-cookie'] as string;
    expect(refreshed.split('~')[0]).toBe(cookie.split('~')[0]);
    await app.close();
  });
});

describe('options and registration', () => {
  test('invalid options make app.ready() reject with an InvalidOptionError naming the option', async () => {
    const vial = new Vial({ driver: memoryDriver({ sweepIntervalMs: false }) });
    const cases: Array<[object, RegExp]> = [
      [{ vial, cookie: { secure: false, sameSite: 'none' } }, /SameSite=None/],
      [{ vial, secret: 'short' }, /at least 16 characters/],
      [{}, /app\.register\(vialSession, options\) needs \{ vial \}/],
    ];
    for (const [options, message] of cases) {
      const app = Fastify();
      app.register(vialSession, options as Parameters<typeof vialSession>[1]);
      const failure = await app.ready().then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(InvalidOptionError);
      expect((failure as Error).message).toMatch(message);
    }
  });

  test('lazy: false loads the session for every route, except one with config: { session: false }', async () => {
    const server = await start({ lazy: false });
    const browser = server.browser();
    await browser.get('/set?color=blue');
    server.store.reset();
    expect(await browser.text('/not-asked')).toBe('{"color":"blue"}');
    expect(server.store.calls.read).toBe(1);
    server.store.reset();
    expect(await browser.text('/opted-out')).toBe('ok');
    expect(server.store.total()).toBe(0);
  });

  test('the session is loaded in onRequest, so every later hook of the route sees it', async () => {
    const seen: string[] = [];
    const server = await start(
      {},
      {
        configure: (app) =>
          app.get(
            '/guarded',
            {
              config: { session: true },
              preValidation: (request, _reply, done) => {
                seen.push(String(request.session.get('color')));
                done();
              },
            },
            () => 'ok',
          ),
      },
    );
    const browser = server.browser();
    await browser.get('/set?color=blue');
    expect(await browser.text('/guarded')).toBe('ok');
    expect(seen).toEqual(['blue']);
  });

  test('loadSession works detached from request, and gives the session the route put in place', async () => {
    const server = await start(
      {},
      {
        configure: (app, vial) =>
          app.get('/replace', async (request) => {
            const { loadSession } = request;
            const loaded = await loadSession();
            const replacement = vial.session();
            replacement.set('n', 2);
            request.session = replacement as Session<Record<string, unknown>>;
            return String(loaded !== request.session && (await loadSession()) === replacement);
          }),
      },
    );
    const browser = server.browser();
    expect(await browser.text('/replace')).toBe('true');
    expect(browser.lastSetCookies).toHaveLength(1);
    expect(await browser.text('/get')).toBe('{"n":2}');
  });

  test('routes in an encapsulated child context get the session too (fastify-plugin)', async () => {
    const server = await start(
      {},
      {
        configure: (app) =>
          app.register(async (child) => {
            child.get('/child', { config: { session: true } }, (request) => {
              request.session.set('child', true);
              return 'ok';
            });
          }),
      },
    );
    const browser = server.browser();
    await browser.get('/child');
    expect(await browser.text('/get')).toBe('{"child":true}');
  });
});
