import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { flakyDriver } from '@vial/adapter-test-suite';
import { Vial } from '@vial/core';
import express5 from 'express';
import express4 from 'express4';
import {
  type VialIncomingMessage,
  type VialMiddleware,
  type VialSessionOptions,
  vialSession,
} from '../src/index.js';

export type Kind = 'express 5' | 'express 4' | 'node:http';
export const KINDS: readonly Kind[] = ['express 5', 'express 4', 'node:http'];

type Data = Record<string, unknown>;
export type Route = (req: VialIncomingMessage<Data>, res: ServerResponse) => unknown;

/** Routes written against node:http only, so that every server kind runs the same code. */
export function routes(vial: Vial<Data>): Record<string, Route> {
  return {
    '/untouched': (_req, res) => res.end('ok'),
    '/get': (req, res) => res.end(JSON.stringify(req.session.toJSON())),
    '/set': (req, res) => {
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      for (const [key, value] of query) req.session.set(key, value);
      res.end('ok');
    },
    // Whether the response went out in the call that wrote it, as the route sees it.
    '/peek': (req, res) => {
      req.session.get('color');
      res.write('sent at once: ');
      res.end(String(res.headersSent));
    },
    '/peek-and-set': (req, res) => {
      req.session.set('seen', true);
      res.write('sent at once: ');
      res.end(String(res.headersSent));
    },
    '/stream': (req, res) => {
      req.session.set('streamed', true);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first ');
      res.end('last');
    },
    '/destroy': async (req, res) => {
      await req.session.destroy();
      res.end('bye');
    },
    '/destroy-and-flash': async (req, res) => {
      await req.session.destroy();
      req.session = vial.session();
      req.session.set('flash', 'signed out');
      res.end('bye');
    },
    '/regenerate': async (req, res) => {
      await req.session.regenerate();
      res.end('new token');
    },
    '/lazy': async (req, res) => {
      const session = await req.loadSession();
      session.set('lazy', 'loaded');
      res.end('ok');
    },
  };
}

export interface TestServer {
  url: string;
  vial: Vial<Data>;
  store: ReturnType<typeof flakyDriver>;
  /** The store's clock, still until a test moves it (epoch ms). */
  clock: { now: number };
  errors: unknown[];
  close(): Promise<void>;
}

/** Starts one server of `kind` with `vialSession()` and {@link routes}, on a free loopback port. */
export async function startServer(
  kind: Kind,
  options: Omit<VialSessionOptions<Data>, 'vial'> = {},
  configure?: (app: express5.Express) => void,
): Promise<TestServer> {
  const clock = { now: Date.now() };
  const store = flakyDriver({ clock: () => clock.now });
  const vial = new Vial<Data>({ driver: store.driver, ttl: '1h' });
  const served = await serveKind(kind, vialSession({ vial, ...options }), routes(vial), configure);
  return { ...served, vial, store, clock };
}

/**
 * Serves `table` behind `middleware` on a server of `kind`, on a free
 * loopback port; an error answers with its status (503 for a store outage).
 */
export async function serveKind(
  kind: Kind,
  middleware: VialMiddleware,
  table: Record<string, Route>,
  configure?: (app: express5.Express) => void,
): Promise<{ url: string; errors: unknown[]; close(): Promise<void> }> {
  const errors: unknown[] = [];
  // On plain node:http the error's own status (503 for a store outage) is all there is to answer.
  const onError = (error: unknown, res: ServerResponse) => {
    errors.push(error);
    res.statusCode = (error as { status?: number }).status ?? 500;
    res.end(error instanceof Error ? error.message : String(error));
  };
  let server: Server;
  if (kind === 'node:http') {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      middleware(req, res, (error?: unknown) => {
        if (error) return onError(error, res);
        const route = table[new URL(req.url ?? '/', 'http://x').pathname];
        // A route that throws at once (a value over its limit) is answered like one that rejects.
        new Promise((resolve) => resolve(route?.(req as VialIncomingMessage<Data>, res))).catch(
          (e: unknown) => onError(e, res),
        );
      });
    });
  } else {
    const app = kind === 'express 5' ? express5() : (express4() as unknown as express5.Express);
    configure?.(app);
    app.use(middleware);
    for (const [path, route] of Object.entries(table)) {
      app.get(path, (req, res, next) => {
        Promise.resolve(route(req as unknown as VialIncomingMessage<Data>, res)).catch(next);
      });
    }
    // Express's own final handler answers, with the error's status (503 for a store outage).
    app.use(
      (
        error: unknown,
        _req: express5.Request,
        _res: express5.Response,
        next: (e: unknown) => void,
      ) => {
        errors.push(error);
        next(error);
      },
    );
    server = createServer(app);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
