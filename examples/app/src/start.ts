import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { createStore, type Store } from './store.js';

/** Options of {@link startApp}. */
export interface StartOptions {
  /** TCP port; `0` picks a free one. */
  readonly port: number;
  /** Listen address. Default: every interface. */
  readonly host?: string;
  /** Run on Redis at this URL (`redis://host:port`) instead of in memory. */
  readonly redisUrl?: string;
  /** Sign the session cookie with these secrets. */
  readonly cookieSecret?: string | readonly string[];
}

/** A running example app. */
export interface RunningApp {
  readonly port: number;
  readonly store: Store;
  readonly server: Server;
  /** Stops accepting connections, then closes the store (and the Redis client the app opened). */
  close(): Promise<void>;
}

/** Builds the store and the app, and listens. */
export async function startApp(options: StartOptions): Promise<RunningApp> {
  const store = await createStore(options.redisUrl);
  const app = createApp({
    vial: store.vial,
    ...(options.cookieSecret === undefined ? {} : { cookieSecret: options.cookieSecret }),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, options.host ?? '::', (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    store,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
