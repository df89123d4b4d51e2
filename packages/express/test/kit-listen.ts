import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KitApp } from '@vial/adapter-test-suite';
import type express from 'express';

/** A route's query, as the kit's routes read it. */
export type Query = Record<string, string>;

/** The kit's requests (to `http://kit.test`) sent over real HTTP to the server at `base`. */
export function fetchFrom(base: string): KitApp['fetch'] {
  return (request) => {
    const url = new URL(request.url);
    return fetch(new URL(`${url.pathname}${url.search}`, base), {
      headers: request.headers,
      redirect: 'manual',
    });
  };
}

/** Serves `app` on a loopback port, an error answering with its status and message. */
export async function listen(app: express.Express): Promise<KitApp> {
  app.use(
    (
      error: { status?: number; message: string },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      res
        .status(error.status ?? 500)
        .type('text/plain')
        .send(error.message);
    },
  );
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    fetch: fetchFrom(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
