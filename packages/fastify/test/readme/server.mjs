import { Vial } from '@vial/core';
import { ioredisDriver } from '@vial/driver-ioredis';
import { vialSession } from '@vial/fastify';
import Fastify from 'fastify';
import { Redis } from 'ioredis';

// Fail fast while Redis is down, so that a request answers 503 instead of waiting.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  commandTimeout: 2000,
});
const vial = new Vial({ driver: ioredisDriver(redis), ttl: '30m' });

const app = Fastify();
await app.register(vialSession, { vial, secret: process.env.COOKIE_SECRET });

// The session is loaded before the handler when the request carries its cookie.
app.get('/', (request) => {
  const visits = (request.session.get('visits') ?? 0) + 1;
  request.session.set('visits', visits);
  return { visits };
});

// Opted out: no storage call and no cookie, even for a signed-in client.
app.get('/health', { config: { session: false } }, () => ({ ok: true }));

app.post('/logout', async (request) => {
  await request.session.destroy(); // the cookie is cleared
  return { signedOut: true };
});

const address = await app.listen({ port: Number(process.env.PORT ?? 3000) });
console.log(`Listening on ${address}`);
