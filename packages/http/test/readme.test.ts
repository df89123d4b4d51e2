import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Browser } from '@vial/adapter-test-suite';
import { Vial } from '@vial/core';
import { memoryDriver } from '@vial/driver-memory';
import { afterEach, expect, test } from 'vitest';
import { beginRequest, resolveHttpOptions } from '../src/index.js';

let server: Server | undefined;
afterEach(
  () =>
    new Promise<void>((resolve) => {
      server?.closeAllConnections();
      server ? server.close(() => resolve()) : resolve();
    }),
);

test("the README's visit counter counts one browser's visits and answers 503 while the store is down", async () => {
  const driver = memoryDriver({ sweepIntervalMs: false });
  const vial = new Vial<{ visits: number }>({ driver, ttl: '30m' });
  const settings = resolveHttpOptions({ vial, cookie: { secure: false } });
  server = createServer(async (req, res) => {
    try {
      const request = beginRequest(settings, req.headers.cookie);
      const session = await request.load();
      const visits = (session.get('visits') ?? 0) + 1;
      session.set('visits', visits);
      const setCookie = await request.finish(session, () => false);
      if (setCookie !== null) res.setHeader('Set-Cookie', setCookie);
      res.end(`visit ${visits}\n`);
    } catch (error) {
      res.statusCode = (error as { status?: number }).status ?? 500;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const browser = new Browser(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  expect(await browser.text('/')).toBe('visit 1\n');
  expect(await browser.text('/')).toBe('visit 2\n');
  expect(await new Browser(browser.base).text('/')).toBe('visit 1\n');

  driver.read = () => Promise.reject(new Error('connect ECONNREFUSED'));
  const down = await browser.get('/');
  expect(down.status).toBe(503);
});
