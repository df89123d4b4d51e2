import type { Browser } from '@vial/adapter-test-suite';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type TestApp, type Transport, testApp } from './support/app.js';
import { STORE_KINDS, type StoreKind } from './support/stores.js';

const COMBOS: Array<[StoreKind, Transport]> = STORE_KINDS.flatMap((store) =>
  (['inject', 'http'] as const).map((transport): [StoreKind, Transport] => [store, transport]),
);

const tokenOf = (value = '') => value.slice(0, value.lastIndexOf('~'));

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

  test('a route that asks for the session, without a cookie, gets a new one without any storage call', async () => {
    expect(await browser.text('/get')).toBe('{}');
    expect(browser.lastSetCookies).toEqual([]);
    expect(server.store.total()).toBe(0);
  });

  test('keeps a counter through the cookie: set once, then one load per request', async () => {
    expect(await browser.text('/count')).toBe('{"visits":1}');
    const [cookie] = browser.lastSetCookies;
    expect(cookie).toMatchObject({ name: 'vial', path: '/', httpOnly: true, sameSite: 'lax' });
    expect(cookie?.secure).toBeUndefined();
    // A 1-hour ttl: the expiry rounded up to a whole minute, never before the session's.
    expect(cookie?.maxAge).toBeGreaterThan(3590);
    expect(cookie?.maxAge).toBeLessThanOrEqual(3661);
    expect(server.store.calls.create).toBe(1);
    server.store.reset();
    expect(await browser.text('/count')).toBe('{"visits":2}');
    expect(await browser.text('/count')).toBe('{"visits":3}');
    expect(server.store.calls).toEqual({ read: 2, create: 0, update: 2, touch: 0, destroy: 0 });
    // The load slid the expiry within the cookie's one-minute step: no Set-Cookie per request.
    expect(browser.lastSetCookies).toEqual([]);
  });

  test('a request with a session cookie costs exactly one load, and no write when unchanged', async () => {
    await browser.get('/set?color=blue');
    server.store.reset();
    expect(await browser.text('/get')).toBe('{"color":"blue"}');
    expect(server.store.calls).toEqual({ read: 1, create: 0, update: 0, touch: 0, destroy: 0 });
    expect(browser.lastSetCookies).toEqual([]);
  });

  test("once the session's expiry slid past the cookie's step, the same token is sent again, with an expiry after the session's", async () => {
    await browser.get('/set?color=blue');
    const [first] = browser.lastSetCookies;
    server.clock.now += 60_000;
    expect(await browser.text('/get')).toBe('{"color":"blue"}');
    const [refreshed] = browser.lastSetCookies;
    expect(tokenOf(refreshed?.value)).toBe(tokenOf(first?.value));
    expect(refreshed?.value).not.toBe(first?.value);
    const sid = tokenOf(refreshed?.value).split('.')[0] as string;
    const record = await server.store.driver.read(sid, { now: server.clock.now });
    const cookieExpires = refreshed?.expires?.getTime() as number;
    expect(cookieExpires).toBeGreaterThanOrEqual(record?.expiresAt as number);
    expect(cookieExpires - (record?.expiresAt as number)).toBeLessThan(60_000);
    // Max-Age counts from the store's clock, not the wall clock.
    expect(refreshed?.maxAge).toBe(Math.ceil((cookieExpires - server.clock.now) / 1000));
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

  test('a streamed reply still carries the cookie of the session it changed', async () => {
    const response = await browser.get('/stream');
    expect(await response.text()).toBe('first last');
    expect(response.headers.getSetCookie()).toHaveLength(1);
    expect(await browser.text('/get')).toBe('{"streamed":true}');
  });

  test('a forged or tampered cookie gets a fresh session and the dead cookie is cleared', async () => {
    await browser.get('/set?color=blue');
    const token = tokenOf(browser.jar.get('vial'));
    browser.jar.set('vial', `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`);
    expect(await browser.text('/get')).toBe('{}');
    expect(browser.lastSetCookies).toMatchObject([{ name: 'vial', value: '', maxAge: 0 }]);
    browser.jar.set('vial', 'not-a-token');
    server.store.reset();
    expect(await browser.text('/get')).toBe('{}');
    expect(server.store.total()).toBe(0);
  });

  test('destroy clears the cookie and the old token opens nothing', async () => {
    await browser.get('/set?color=blue');
    const token = browser.jar.get('vial') as string;
    await browser.get('/destroy');
    expect(browser.lastSetCookies).toMatchObject([{ name: 'vial', value: '', maxAge: 0 }]);
    expect(browser.jar.has('vial')).toBe(false);
    browser.jar.set('vial', token);
    expect(await browser.text('/get')).toBe('{}');
  });

  test('a session assigned after destroy replaces the cleared cookie with a new one', async () => {
    await browser.get('/set?color=blue');
    const old = browser.jar.get('vial');
    await browser.get('/destroy-and-flash');
    expect(browser.lastSetCookies).toHaveLength(1);
    expect(browser.jar.get('vial')).not.toBe(old);
    expect(await browser.text('/get')).toBe('{"flash":"signed out"}');
  });

  test('regenerate sends a new cookie, keeps the data and retires the old token', async () => {
    await browser.get('/set?color=blue');
    const old = browser.jar.get('vial') as string;
    await browser.get('/regenerate');
    const fresh = browser.jar.get('vial') as string;
    expect(fresh).not.toBe(old);
    expect(await browser.text('/get')).toBe('{"color":"blue"}');
    const attacker = server.browser();
    attacker.jar.set('vial', old);
    expect(await attacker.text('/get')).toBe('{}');
  });

  test('50 concurrent requests of one browser changing different keys keep all 50', async () => {
    await browser.get('/set?start=1');
    const cookie = browser.jar.get('vial') as string;
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const one = server.browser();
        one.jar.set('vial', cookie);
        return one.get(`/set?k${i}=${i}`);
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const data = JSON.parse(await browser.text('/get')) as Record<string, string>;
    expect(Object.keys(data)).toHaveLength(51);
    for (let i = 0; i < 50; i++) expect(data[`k${i}`]).toBe(String(i));
  });
});
