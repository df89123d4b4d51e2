import { type AdapterHarness, describeAdapter, type KitData } from '@vial/adapter-test-suite';
import type { Session, Vial } from '@vial/core';
import { vialSession } from '../src/index.js';
import { fetchFrom } from './kit-listen.js';
import { KINDS, type Route, serveKind } from './servers.js';

const query = (url = '/') => new URL(url, 'http://x').searchParams;
// The kit's data, whatever this test program registered as the app's.
const session = (req: Parameters<Route>[0]) => req.session as unknown as Session<KitData>;

/** The kit's routes in node:http style, so that Express 5, Express 4 and plain node:http run the same code. */
const kitRoutes = (vial: Vial<KitData>): Record<string, Route> => ({
  '/untouched': (_req, res) => res.end('ok'),
  '/get': (req, res) => res.end(JSON.stringify(session(req).toJSON())),
  '/set': (req, res) => {
    for (const [key, value] of query(req.url)) session(req).set(key, value);
    res.end('ok');
  },
  '/stream': (req, res) => {
    session(req).set('streamed', true);
    res.write('first ');
    res.end('last');
  },
  '/destroy': async (req, res) => {
    await session(req).destroy();
    res.end('bye');
  },
  '/replace': async (req, res) => {
    await session(req).destroy();
    req.session = vial.session() as never;
    session(req).set('flash', 'signed out');
    res.end('bye');
  },
  '/regenerate': async (req, res) => {
    await session(req).regenerate();
    session(req).set('regenerated', '1');
    res.end('ok');
  },
  '/remember': (req, res) => {
    const q = query(req.url);
    if (q.get('browser') === '1') session(req).browserSession = true;
    else session(req).setTtl(q.get('ttl') as '30d');
    session(req).set('remember', '1');
    res.end('ok');
  },
  '/big': (req, res) => {
    const q = query(req.url);
    session(req).set(q.get('key') as string, 'x'.repeat(Number(q.get('bytes'))));
    res.end('ok');
  },
});

for (const kind of KINDS) {
  const harness: AdapterHarness = {
    name: `@vial/express vialSession() on ${kind}`,
    lazy: true,
    regenerateKeepsData: true,
    replaceAfterDestroy: true,
    build: (options) => vialSession(options as never),
    async serve(options) {
      // With lazy, a route loads first: the kit's routes then run as they are.
      const routes = kitRoutes(options.vial);
      const table = options.lazy
        ? Object.fromEntries(
            Object.entries(routes).map(([path, route]): [string, Route] => [
              path,
              path === '/untouched' ? route : async (req, res) => route(await withLoaded(req), res),
            ]),
          )
        : routes;
      const served = await serveKind(kind, vialSession(options as never), table);
      return { fetch: fetchFrom(served.url), close: served.close };
    },
  };
  describeAdapter(harness);
}

async function withLoaded(req: Parameters<Route>[0]): Promise<Parameters<Route>[0]> {
  await req.loadSession();
  return req;
}
