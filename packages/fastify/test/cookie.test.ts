import type { Session } from '@vial/core';
import { beginRequest, resolveHttpOptions } from '@vial/http';
import { afterEach, describe, expect, test } from 'vitest';
import { type TestApp, testApp } from './support/app.js';

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
});

describe('options and registration', () => {
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
