import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import type { AppSettings } from './config.js';
import { createStore, type Store } from './store.js';

/** Options of {@link startApp}: where to listen and store, and how the app runs. */
export type StartOptions = AppSettings & {
  /** TCP port; `0` picks a free one. */
  readonly port: number;
  /** Listen address. Default: every interface. */
  readonly host?: string;
  /** Run on Redis at this URL (`redis://host:port`) instead of in memory. */
  readonly redisUrl?: string;
};

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
  const { port, host, redisUrl, ...settings } = options;
  const store = await createStore(redisUrl);
  const app = createApp({ ...settings, vial: store.vial });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, host ?? '::', (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  return {
    port: (server.address() as AddressInfo).port,
    store,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
