import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Browser, flakyDriver } from '@vial/adapter-test-suite';
import { InvalidOptionError, Vial } from '@vial/core';
import { describe, expect, test } from 'vitest';
import { vialSession } from '../src/index.js';
import { testApp } from './app.js';

describe('vialSession() for Hono', () => {
  test('a request that never touches the session gets no Set-Cookie and costs no storage call', async () => {
    const { browser, store } = testApp();
    const b = browser();
    const response = await b.get('/untouched');
    expect(await response.text()).toBe('ok');
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await b.text('/get')).toBe('{}');
    expect(b.lastSetCookies).toEqual([]);
    expect(store.total()).toBe(0);
  });

  test('a change is saved and its cookie set before the response goes out', async () => {
    const { browser, store } = testApp();
    const b = browser();
    await b.get('/set?color=blue');
    const [cookie] = b.lastSetCookies;
    expect(cookie).toMatchObject({ name: 'vial', path: '/', httpOnly: true, sameSite: 'lax' });
    expect(cookie?.secure).toBeUndefined();
    expect(cookie?.maxAge).toBeGreaterThan(3590);
    expect(store.calls.create).toBe(1);
    expect(await b.text('/get')).toBe('{"color":"blue"}');
  });

  test('a request with a session cookie costs exactly one load, and no write when unchanged', async () => {
    const { browser, store } = testApp();
    const b = browser();
    await b.get('/set?color=blue');
    store.reset();
    expect(await b.text('/get')).toBe('{"color":"blue"}');
    expect(store.calls).toEqual({ read: 1, create: 0, update: 0, touch: 0, destroy: 0 });
    // The load slid the expiry within the cookie's one-minute step: no Set-Cookie.
    expect(b.lastSetCookies).toEqual([]);
  });

  test("once the session's expiry slid past the cookie's step, the same token is sent again", async () => {
    const { browser, clock } = testApp();
    const b = browser();
    await b.get('/set?color=blue');
    const first = b.jar.get('vial') as string;
    clock.now += 60_000;
    expect(await b.text('/get')).toBe('{"color":"blue"}');
    const refreshed = b.jar.get('vial') as string;
    const tokenOf = (value: string) => value.slice(0, value.lastIndexOf('~'));
    expect(b.lastSetCookies).toHaveLength(1);
    expect(refreshed).not.toBe(first);
    expect(tokenOf(refreshed)).toBe(tokenOf(first));
  });

  test('a streamed response still carries the cookie of the session it changed', async () => {
    const { browser } = testApp();
    const b = browser();
    const response = await b.get('/stream');
    expect(await response.text()).toBe('first last');
    expect(response.headers.getSetCookie()).toHaveLength(1);
    expect(await b.text('/get')).toBe('{"streamed":true}');
  });

  test('a forged or tampered cookie gets a fresh session and the dead cookie is cleared', async () => {
    const { browser, store } = testApp();
    const b = browser();
    await b.get('/set?color=blue');
    const value = b.jar.get('vial') as string;
    const token = value.slice(0, value.lastIndexOf('~'));
    b.jar.set('vial', `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`);
    expect(await b.text('/get')).toBe('{}');
    expect(b.lastSetCookies).toMatchObject([{ name: 'vial', value: '', maxAge: 0 }]);
    b.jar.set('vial', 'not-a-token');
    store.reset();
    expect(await b.text('/get')).toBe('{}');
    expect(store.total()).toBe(0);
  });

  test('destroy clears the cookie, and a session set after it gets a new one', async () => {
    const { browser } = testApp();
    const b = browser();
    await b.get('/set?color=blue');
    const token = b.jar.get('vial') as string;
    await b.get('/destroy');
    expect(b.lastSetCookies).toMatchObject([{ name: 'vial', value: '', maxAge: 0 }]);
    b.jar.set('vial', token);
    expect(await b.text('/get')).toBe('{}');
    await b.get('/set?color=red');
    await b.get('/destroy-and-flash');
    expect(b.lastSetCookies).toHaveLength(1);
    expect(await b.text('/get')).toBe('{"flash":"signed out"}');
  });

  test('regenerate sends a new cookie, keeps the data and retires the old token', async () => {
    const { browser } = testApp();
    const b = browser();
    await b.get('/set?color=blue');
    const old = b.jar.get('vial') as string;
    await b.get('/regenerate');
    const fresh = b.jar.get('vial') as string;
    expect(fresh).not.toBe(old);
    expect(await b.text('/get')).toBe('{"color":"blue"}');
    const attacker = browser();
    attacker.jar.set('vial', old);
    expect(await attacker.text('/get')).toBe('{}');
  });

  test('50 concurrent requests of one browser changing different keys lose nothing', async () => {
    const { app, browser } = testApp();
    const b = browser();
    await b.get('/set?start=1');
    const cookie = `vial=${b.jar.get('vial')}`;
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => app.request(`/set?k${i}=${i}`, { headers: { cookie } })),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const data = JSON.parse(await b.text('/get')) as Record<string, string>;
    expect(Object.keys(data)).toHaveLength(51);
    for (let i = 0; i < 50; i++) expect(data[`k${i}`]).toBe(String(i));
  });

  test('a store outage answers 503 through app.onError, on load and on save', async () => {
    const { browser, store, errors } = testApp();
    const b = browser();
    await b.get('/set?color=blue');
    store.setDown(true);
    const onLoad = await b.get('/get');
    expect(onLoad.status).toBe(503);
    expect(await onLoad.text()).toMatch(/storage failed during load/);
    const fresh = browser();
    const onSave = await fresh.get('/set?color=red');
    expect(onSave.status).toBe(503);
    expect(await onSave.text()).toMatch(/storage failed during save/);
    expect(onSave.headers.getSetCookie()).toEqual([]);
    expect(errors).toHaveLength(2);
  });

  test('lazy: a route that never asks for the session costs no storage call even with a cookie', async () => {
    const { browser, store } = testApp({ lazy: true });
    const b = browser();
    expect(await b.text('/lazy')).toBe('same');
    store.reset();
    await b.get('/untouched');
    expect(store.total()).toBe(0);
    expect(b.lastSetCookies).toEqual([]);
    await b.get('/lazy');
    expect(store.calls.read).toBe(1);
  });

  test("secure: 'auto' follows the URL's scheme, and X-Forwarded-Proto only with proxy: true", async () => {
    const direct = testApp().browser();
    const https = new Browser('https://app.test', (r) => testApp().app.request(r));
    await https.get('/set?a=1');
    expect(https.lastSetCookies[0]?.secure).toBe(true);
    await direct.get('/set?a=1', { 'x-forwarded-proto': 'https' });
    expect(direct.lastSetCookies[0]?.secure).toBeUndefined();
    const proxied = testApp({ proxy: true }).browser();
    await proxied.get('/set?a=1', { 'x-forwarded-proto': 'https' });
    expect(proxied.lastSetCookies[0]?.secure).toBe(true);
  });

  test('signed cookies: a tampered signature gets a fresh session without a storage call, an old secret is re-signed', async () => {
    const oldSecret = 'an-old-secret-of-32-characters!!';
    const first = testApp({ secret: oldSecret });
    const b = first.browser();
    await b.get('/set?color=blue');
    const signed = b.jar.get('vial') as string;
    b.jar.set('vial', `${signed.slice(0, signed.lastIndexOf('.'))}.${'A'.repeat(43)}`);
    first.store.reset();
    expect(await b.text('/get')).toBe('{}');
    expect(first.store.total()).toBe(0);
    expect(b.lastSetCookies).toMatchObject([{ name: 'vial', maxAge: 0 }]);

    const c = first.browser();
    await c.get('/set?color=green');
    const oldValue = c.jar.get('vial') as string;
    const rotated = testApp({ secret: ['a-new-secret-of-32-characters!!!', oldSecret] }, first);
    const d = rotated.browser();
    d.jar.set('vial', oldValue);
    expect(await d.text('/get')).toBe('{"color":"green"}');
    const newValue = d.jar.get('vial') as string;
    expect(newValue).not.toBe(oldValue);
    expect(newValue.slice(0, newValue.lastIndexOf('.'))).toBe(
      oldValue.slice(0, oldValue.lastIndexOf('.')),
    );
  });

  test("with rolling: false, a request that changes nothing sends no Set-Cookie; a change that moves the expiry past the cookie's step refreshes it", async () => {
    let now = Date.now();
    const store = flakyDriver({ clock: () => now });
    const vial = new Vial<Record<string, unknown>>({ driver: store.driver, rolling: false });
    const b = testApp({}, { store, vial }).browser();
    await b.get('/set?color=blue');
    const token = b.jar.get('vial');
    now += 60_000;
    expect(await b.text('/get')).toBe('{"color":"blue"}');
    expect(b.lastSetCookies).toEqual([]);
    now += 14 * 60_000; // a 1-day ttl: 14-minute steps
    await b.get('/set?color=red');
    const tokenOf = (value = '') => value.slice(0, value.lastIndexOf('~'));
    expect(tokenOf(b.lastSetCookies[0]?.value)).toBe(tokenOf(token));
  });

  test("an injected Vial clock reaches the cookie's Max-Age and Expires", async () => {
    const at = Date.UTC(2001, 0, 1); // years away from Date.now()
    const store = flakyDriver();
    const vial = new Vial<Record<string, unknown>>({
      driver: store.driver,
      ttl: '1h',
      clock: () => at,
    });
    const b = testApp({}, { store, vial }).browser();
    await b.get('/set?color=blue');
    expect(b.lastSetCookies[0]?.maxAge).toBe(3600);
    expect(b.lastSetCookies[0]?.expires?.getTime()).toBe(at + 3_600_000);
  });

  test('invalid options are refused when the middleware is built, naming the option', () => {
    // Each rule is tested in @vial/http; this checks that vialSession() applies them at once.
    const vial = new Vial({ driver: flakyDriver().driver });
    expect(() => vialSession({ vial, cookie: { name: '__Host-s', path: '/app' } })).toThrow(
      InvalidOptionError,
    );
    expect(() => vialSession({ vial, secret: ['short'] })).toThrow(/at least 16 characters/);
  });

  test('runs under @hono/node-server with real HTTP', async () => {
    const { app } = testApp();
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const b = new Browser(`http://127.0.0.1:${port}`);
      await b.get('/set?color=blue');
      expect(b.lastSetCookies[0]?.secure).toBeUndefined();
      expect(await b.text('/get')).toBe('{"color":"blue"}');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
