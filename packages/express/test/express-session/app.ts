import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Browser, flakyDriver } from '@vial/adapter-test-suite';
import { Vial, type VialOptions } from '@vial/core';
import express from 'express';
import { type ExpressSessionOptions, expressSession } from '../../src/index.js';
import './session-data.js';

export type Store = ReturnType<typeof flakyDriver>;

/** A Vial on a counting memory driver and a clock the test moves (epoch ms). */
export function testVial(options: Partial<VialOptions> = {}) {
  const clock = { now: Date.now() };
  const store = flakyDriver({ clock: () => clock.now });
  const vial = new Vial({ driver: store.driver, ttl: '1h', ...options });
  return { vial, store, clock };
}

/** An Express 5 app with `expressSession()` mounted and `routes` added, served on a loopback port. */
export async function serve(
  sessionOptions: ExpressSessionOptions<Record<string, unknown>>,
  routes: (app: express.Express) => void,
  before?: (app: express.Express) => void,
) {
  const app = express();
  before?.(app);
  app.use(expressSession(sessionOptions));
  routes(app);
  const errors: unknown[] = [];
  app.use(
    (
      error: unknown,
      _req: express.Request,
      res: express.Response,
      _next: (e?: unknown) => void,
    ) => {
      errors.push(error);
      res.status((error as { status?: number }).status ?? 500).send(String(error));
    },
  );
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    errors,
    browser: () => new Browser(url),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Served = Awaited<ReturnType<typeof serve>>;
