import type { Browser } from '@vial/adapter-test-suite';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type TestApp, type Transport, testApp } from './support/app.js';
import { STORE_KINDS, type StoreKind } from './support/stores.js';

const COMBOS: Array<[StoreKind, Transport]> = STORE_KINDS.flatMap((store) =>
  (['inject', 'http'] as const).map((transport): [StoreKind, Transport] => [store, transport]),
);

const _tokenOf = (value = '') => value.slice(0, value.lastIndexOf('~'));

describe.each(COMBOS)('vialSession on Fastify 5, %s store, over %s', (store, transport) => {
  let server: TestApp;
  let browser: Browser;
  beforeEach(async () => {
    server = await testApp({}, { store, transport });
    browser = server.browser();
  });
  afterEach(() => server.close());

  test('the default, as on every adapter: a request with the cookie gets its session loaded (one read), one without costs nothing; config: { session: false } opts out', async () => {
    const response = await browser.get('/untouched');
    expect(await response.text()).toBe('ok');
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(server.store.total()).toBe(0);
    await browser.get('/set?color=blue');
    server.store.reset();
    expect(await browser.text('/not-asked')).toBe('{"color":"blue"}');
    expect(server.store.calls.read).toBe(1);
    server.store.reset();
    expect(await browser.text('/untouched')).toBe('ok');
    expect(browser.lastSetCookies).toEqual([]);
    expect(server.store.calls.read).toBe(1);
    server.store.reset();
    expect(await browser.text('/opted-out')).toBe('ok');
    expect(browser.lastSetCookies).toEqual([]);
    expect(server.store.total()).toBe(0);
  });

  test('loadSession() resolves to the session, and request.session is that session afterwards', async () => {
    expect(await browser.text('/lazy')).toBe('same');
    expect(browser.lastSetCookies).toHaveLength(1);
    server.store.reset();
    expect(await browser.text('/get')).toBe('{"lazy":"loaded"}');
    expect(server.store.calls.read).toBe(1);
  });

  test('with lazy: true, request.session on a route that did not ask for it fails with a clear error and writes nothing', async () => {
    await server.close();
    server = await testApp({ lazy: true }, { store, transport });
    browser = server.browser();
    await browser.get('/set?color=blue');
    server.store.reset();
    expect(await browser.text('/untouched')).toBe('ok');
    expect(server.store.total()).toBe(0);
    const response = await browser.get('/not-asked');
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(
      /not loaded on this route.*await request\.loadSession\(\)/,
    );
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(server.store.total()).toBe(0);
  });
});
