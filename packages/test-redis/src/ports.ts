import { createServer } from 'node:net';

/** Resolves `true` when nothing listens on `port` (TCP, 127.0.0.1). */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

/**
 * A loopback port that is free now, and whose cluster bus port (`port + 10000`,
 * which Redis Cluster opens beside it) is free too. Picked at random from
 * 20000-29999 so that the bus port stays below 65536 and parallel test runs
 * rarely collide; a caller still retries when the server fails to bind.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 10000);
    if ((await isFree(port)) && (await isFree(port + 10000))) return port;
  }
  throw new Error('Could not find a free loopback port pair (P and P+10000) in 20000-29999.');
}
