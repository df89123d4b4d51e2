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

  // What every adapter does (cookies, refresh steps, tamper, sign-out and sign-in, concurrency,
  // 503 and 413, remember me, options) is held by @vial/adapter-test-suite: see kit.test.ts.
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
});
