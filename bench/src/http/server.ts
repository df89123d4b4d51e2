/**
 * Entry point of an HTTP server child: `node server.js <app> <redisUrl>`.
 * Sends `{ port }` to the parent once listening, `{ cpuUs }` (its CPU time so
 * far, µs) when sent 'cpu'; exits on 'stop' or disconnect.
 * A child of its own so that the load generator and the server do not share
 * one event loop.
 */
import type { AddressInfo } from 'node:net';
import { APP_NAMES, type AppName, buildApp } from './apps.js';

const [name, redisUrl = ''] = process.argv.slice(2);
if (!APP_NAMES.includes(name as AppName)) {
  throw new Error(`Unknown app ${JSON.stringify(name)}; expected one of ${APP_NAMES.join(', ')}`);
}
const server = buildApp(name as AppName, redisUrl).listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
server.keepAliveTimeout = 60_000;
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
