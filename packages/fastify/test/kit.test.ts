import { Readable } from 'node:stream';
import { type AdapterHarness, describeAdapter } from '@vial/adapter-test-suite';
import Fastify, { type FastifyRequest } from 'fastify';
import { vialSession } from '../src/index.js';
import { injector } from './support/inject.js';

/** The kit's routes, as a Fastify app writes them; in process through inject(). */
const harness: AdapterHarness = {
  name: '@vial/fastify',
  lazy: true,
  regenerateKeepsData: true,
  replaceAfterDestroy: true,
  async build(options) {
    const app = Fastify();
    try {
      await app.register(vialSession, options as never);
      await app.ready();
    } finally {
      await app.close();
    }
  },
  async serve(options) {
    const app = Fastify();
    await app.register(vialSession, options as never);
    const session = (request: FastifyRequest) => request.loadSession();
    const query = (request: FastifyRequest) => new URL(request.url, 'http://x').searchParams;
    app.get('/untouched', () => 'ok');
    app.get('/get', async (request) => (await session(request)).toJSON());
    app.get('/set', async (request) => {
      const s = await session(request);
      for (const [key, value] of query(request)) s.set(key, value);
      return 'ok';
    });
    app.get('/stream', async (request, reply) => {
      (await session(request)).set('streamed', true);
      reply.type('text/plain');
      return reply.send(Readable.from(['first ', 'last']));
    });
    app.get('/destroy', async (request) => {
      await (await session(request)).destroy();
      return 'bye';
    });
    app.get('/replace', async (request) => {
      await (await session(request)).destroy();
      request.session = options.vial.session();
      request.session.set('flash', 'signed out');
      return 'bye';
    });
    app.get('/regenerate', async (request) => {
      const s = await session(request);
      await s.regenerate();
      s.set('regenerated', '1');
      return 'ok';
    });
    app.get('/remember', async (request) => {
      const s = await session(request);
      if (query(request).get('browser') === '1') s.browserSession = true;
      else s.setTtl(query(request).get('ttl') as '30d');
      s.set('remember', '1');
      return 'ok';
    });
    app.get('/big', async (request) => {
      const q = query(request);
      (await session(request)).set(q.get('key') as string, 'x'.repeat(Number(q.get('bytes'))));
      return 'ok';
    });
    // Fastify's own handler answers with the error's status; the kit reads the message as text.
    app.setErrorHandler((error, _request, reply) => {
      reply
        .status((error as { status?: number }).status ?? 500)
        .type('text/plain')
        .send((error as Error).message);
    });
    await app.ready();
    return { fetch: injector(app), close: () => app.close() };
  },
};

describeAdapter(harness);
