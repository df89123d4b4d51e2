import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Driver, Vial } from '@vial/core';
import { memoryDriver } from '@vial/driver-memory';
import { nodeRedisDriver } from '@vial/driver-node-redis';
import { type RedisServer, startRedisServer } from '@vial/test-redis';
import express from 'express';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type VialIncomingMessage, vialSession } from '../src/index.js';

/** The session of a request, whatever the app's declared session data. */
const sessionOf = (req: unknown) => (req as VialIncomingMessage<Record<string, unknown>>).session;

// What a user sees when parallel requests of one browser together would pass
// maxRecordBytes: storage judges the limit, so one request is stored, the
// others answer 413 with nothing written, and the session stays usable.

let redis: RedisServer;
let client: ReturnType<typeof createClient>;
beforeAll(async () => {
  redis = await startRedisServer();
  client = createClient({ url: redis.url });
  await client.connect();
}, 30_000);
afterAll(async () => {
  await client?.close();
  await redis?.stop();
});

async function serve(driver: Driver): Promise<{ url: string; server: Server }> {
  const vial = new Vial({ driver, ttl: '1h', maxRecordBytes: 10_000 });
  const app = express();
  app.use(vialSession({ vial, secret: 'a test secret of enough length' }));
  app.get('/start', (req, res) => {
    sessionOf(req).set('n', 1);
    res.end('ok');
  });
  app.get('/add', (req, res) => {
    sessionOf(req).set(String(req.query.k), 'v'.repeat(9_000));
    res.end('added');
  });
  app.get('/clear', (req, res) => {
    const session = sessionOf(req);
    for (const key of session.keys()) if (key.startsWith('k')) session.delete(key);
    session.set('cleared', true);
    res.end('cleared');
  });
  app.get('/keys', (req, res) => {
    res.json([...sessionOf(req).keys()].sort());
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const drivers: [string, () => Driver][] = [
  ['memory', () => memoryDriver()],
  ['node-redis', () => nodeRedisDriver(client, { prefix: `limit${Date.now()}:` })],
];

describe.each(drivers)(
  '20 parallel requests of one browser over maxRecordBytes (%s)',
  (_, driver) => {
    it('store one value, answer 413 for the others with nothing written, and leave the session usable', async () => {
      const { url, server } = await serve(driver());
      try {
        const start = await fetch(`${url}/start`);
        const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] as string;
        expect(cookie).toMatch(/=/);
        const headers = { cookie };
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) => fetch(`${url}/add?k=k${i}`, { headers })),
        );
        const statuses = answers.map((answer) => answer.status).sort();
        expect(statuses).toEqual([200, ...Array.from({ length: 19 }, () => 413)]);
        const kept = (await (await fetch(`${url}/keys`, { headers })).json()) as string[];
        expect(kept.filter((key) => key.startsWith('k'))).toHaveLength(1);
        expect(kept).toContain('n');
        expect((await fetch(`${url}/clear`, { headers })).status).toBe(200);
        expect(await (await fetch(`${url}/keys`, { headers })).json()).toEqual(['cleared', 'n']);
        // And the limit still holds for a single request.
        expect((await fetch(`${url}/add?k=k99`, { headers })).status).toBe(200);
        expect((await fetch(`${url}/add?k=k98`, { headers })).status).toBe(413);
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  },
);
