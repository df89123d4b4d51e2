import { type AdapterHarness, describeAdapter, type KitData } from '@vial/adapter-test-suite';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { type VialEnv, vialSession } from '../src/index.js';

/** The kit's routes, as a Hono app writes them. */
const harness: AdapterHarness = {
  name: '@vial/hono',
  lazy: true,
  regenerateKeepsData: true,
  replaceAfterDestroy: true,
  build: (options) => vialSession(options as never),
  async serve(options) {
    const app = new Hono<VialEnv<KitData>>();
    app.onError((error, c) =>
      c.text(error.message, ((error as { status?: number }).status ?? 500) as 500),
    );
    app.use(vialSession(options as never));
    const session = async (c: { var: VialEnv<KitData>['Variables'] }) => c.var.loadSession();
    app.get('/untouched', (c) => c.text('ok'));
    app.get('/get', async (c) => c.json((await session(c)).toJSON()));
    app.get('/set', async (c) => {
      const s = await session(c);
      for (const [key, value] of new URL(c.req.url).searchParams) s.set(key, value);
      return c.text('ok');
    });
    app.get('/stream', async (c) => {
      (await session(c)).set('streamed', true);
      return stream(c, async (s) => {
        await s.write('first ');
        await s.write('last');
      });
    });
    app.get('/destroy', async (c) => {
      await (await session(c)).destroy();
      return c.text('bye');
    });
    app.get('/replace', async (c) => {
      await (await session(c)).destroy();
      c.set('session', options.vial.session());
      c.var.session.set('flash', 'signed out');
      return c.text('bye');
    });
    app.get('/regenerate', async (c) => {
      const s = await session(c);
      await s.regenerate();
      s.set('regenerated', '1');
      return c.text('ok');
    });
    app.get('/remember', async (c) => {
      const s = await session(c);
      if (c.req.query('browser') === '1') s.browserSession = true;
      else s.setTtl(c.req.query('ttl') as '30d');
      s.set('remember', '1');
      return c.text('ok');
    });
    app.get('/big', async (c) => {
      (await session(c)).set(
        c.req.query('key') as string,
        'x'.repeat(Number(c.req.query('bytes'))),
      );
      return c.text('ok');
    });
    return { fetch: async (request) => app.request(request), close: async () => undefined };
  },
};

describeAdapter(harness);
