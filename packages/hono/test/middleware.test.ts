import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Browser } from '@vial/adapter-test-suite';
import { describe, expect, test } from 'vitest';
import { testApp } from './app.js';

describe('vialSession() for Hono', () => {
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
