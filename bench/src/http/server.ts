/**
 * Entry point of an HTTP server child: `node server.js <app> <redisUrl>`.
 * Sends `{ port }` to the parent once listening, `{ cpuUs }` (its CPU time so
 * far, µs) when sent 'cpu'; exits on 'stop' or disconnect.
 * A child of its own so that the load generator and the server do not share
 * one event loop.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALL_APP_NAMES, type AppName, buildApp, type ExpressAppName } from './apps.js';
import { isFastifyApp, listenFastifyApp } from './fastify-apps.js';

const [name, redisUrl = ''] = process.argv.slice(2);
if (!ALL_APP_NAMES.includes(name as AppName)) {
  throw new Error(
    `Unknown app ${JSON.stringify(name)}; expected one of ${ALL_APP_NAMES.join(', ')}`,
  );
}
const server: Server = isFastifyApp(name as AppName)
  ? await listenFastifyApp(name as Parameters<typeof listenFastifyApp>[0], redisUrl)
  : await buildApp(name as ExpressAppName, redisUrl).then(
      (app) =>
        new Promise<Server>((resolve) => {
          const express = app.listen(0, '127.0.0.1', () => resolve(express));
          express.keepAliveTimeout = 60_000;
        }),
    );
process.send?.({ port: (server.address() as AddressInfo).port });
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('message', (message) => {
  if (message === 'stop') stop();
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuUs: user + system });
  }
});
process.on('disconnect', stop);
