import { Browser } from '@vial/adapter-test-suite';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { KINDS, startServer, type TestServer } from './servers.js';

describe.each(KINDS)('vialSession() on %s', (kind) => {
  let server: TestServer;
  let browser: Browser;
  beforeEach(async () => {
    server = await startServer(kind);
    browser = new Browser(server.url);
  });
  afterEach(() => server.close());

  test('a request that never touches the session gets no Set-Cookie and costs no storage call', async () => {
    const response = await browser.get('/untouched');
    expect(await response.text()).toBe('ok');
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await browser.text('/get')).toBe('{}');
    expect(browser.lastSetCookies).toEqual([]);
    expect(server.store.total()).toBe(0);
  });

  test('a change is saved and its cookie set before the response goes out', async () => {
    await browser.get('/set?color=blue');
    const [cookie] = browser.lastSetCookies;
    expect(cookie).toMatchObject({ name: 'vial', path: '/', httpOnly: true, sameSite: 'lax' });
    expect(cookie?.secure).toBeUndefined();
    // A 1-hour ttl: the expiry rounded up to a whole minute, never before the session's.
    expect(cookie?.maxAge).toBeGreaterThan(3590);
    expect(cookie?.maxAge).toBeLessThanOrEqual(3661);
    expect(server.store.calls.create).toBe(1);
    expect(await browser.text('/get')).toBe('{"color":"blue"}');
  });

  test('a request with a session cookie costs exactly one load, and no write when unchanged', async () => {
    await browser.get('/set?color=blue');
    server.store.reset();
    expect(await browser.text('/get')).toBe('{"color":"blue"}');
    expect(server.store.calls).toEqual({ read: 1, create: 0, update: 0, touch: 0, destroy: 0 });
    // The load slid the expiry within the cookie's one-minute step: the cookie still outlives it.
    expect(browser.lastSetCookies).toEqual([]);
  });

  test('a response with nothing to save goes out in the call that writes it; one with a change waits for the save', async () => {
    expect(await browser.text('/peek')).toBe('sent at once: true');
    await browser.get('/set?color=blue');
    server.store.reset();
    expect(await browser.text('/peek')).toBe('sent at once: true');
    expect(server.store.calls).toEqual({ read: 1, create: 0, update: 0, touch: 0, destroy: 0 });
    expect(await browser.text('/peek-and-set')).toBe('sent at once: false');
    expect(server.store.calls.update).toBe(1);
    expect(await browser.text('/get')).toBe('{"color":"blue","seen":true}');
  });

  test("once the session's expiry slid past the cookie's step, the same token is sent again", async () => {
    await browser.get('/set?color=blue');
    const [first] = browser.lastSetCookies;
    server.clock.now += 60_000;
    expect(await browser.text('/get')).toBe('{"color":"blue"}');
    const [refreshed] = browser.lastSetCookies;
    const tokenOf = (value = '') => value.slice(0, value.lastIndexOf('~'));
    expect(tokenOf(refreshed?.value)).toBe(tokenOf(first?.value));
    expect(refreshed?.value).not.toBe(first?.value);
    const sid = tokenOf(refreshed?.value).split('.')[0] as string;
    const record = await server.store.driver.read(sid, { now: server.clock.now });
    const cookieExpires = refreshed?.expires?.getTime() as number;
    expect(cookieExpires).toBeGreaterThanOrEqual(record?.expiresAt as number);
    expect(cookieExpires - (record?.expiresAt as number)).toBeLessThan(60_000);
  });

  test('a streamed response still carries the cookie of the session it changed', async () => {
    const response = await browser.get('/stream');
    expect(await response.text()).toBe('first last');
    expect(response.headers.getSetCookie()).toHaveLength(1);
    expect(await browser.text('/get')).toBe('{"streamed":true}');
  });

  test('a forged or tampered cookie gets a fresh session and the dead cookie is cleared', async () => {
    await browser.get('/set?color=blue');
    const value = browser.jar.get('vial') as string;
    const token = value.slice(0, value.lastIndexOf('~'));
    const forged = `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    browser.jar.set('vial', forged);
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
    const attacker = new Browser(server.url);
    attacker.jar.set('vial', old);
    expect(await attacker.text('/get')).toBe('{}');
  });

  test('50 concurrent requests of one browser changing different keys lose nothing', async () => {
    await browser.get('/set?start=1');
    const cookie = `vial=${browser.jar.get('vial')}`;
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fetch(`${server.url}/set?k${i}=${i}`, { headers: { cookie } }),
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const data = JSON.parse(await browser.text('/get')) as Record<string, string>;
    expect(Object.keys(data)).toHaveLength(51);
    for (let i = 0; i < 50; i++) expect(data[`k${i}`]).toBe(String(i));
  });

  test('a store outage during the load answers 503 through the error handler, not an empty session', async () => {
    await browser.get('/set?color=blue');
    server.store.setDown(true);
    const response = await browser.get('/get');
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/storage failed during load/);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(server.errors).toHaveLength(1);
  });

  test('a store outage during the save answers 503 instead of the route’s response', async () => {
    server.store.setDown(true);
    const response = await browser.get('/set?color=blue');
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/storage failed during save/);
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
