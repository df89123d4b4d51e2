import { type AdapterHarness, describeAdapter, type KitData } from '@vial/adapter-test-suite';
import type { Session } from '@vial/core';
import express from 'express';
import { vialSession } from '../src/index.js';
import { listen, type Query } from './kit-listen.js';

/** The kit's routes with vialSession(): `req.session` is a vial Session. */
const vialSessionHarness: AdapterHarness = {
  name: '@vial/express vialSession()',
  lazy: true,
  regenerateKeepsData: true,
  build: (options) => vialSession(options as never),
  serve(options) {
    const app = express();
    app.use(vialSession(options as never));
    // The kit's data, whatever this test program registered as the app's.
    const session = async (req: express.Request) =>
      (await req.loadSession()) as unknown as Session<KitData>;
    app.get('/untouched', (_req, res) => {
      res.send('ok');
    });
    app.get('/get', async (req, res) => {
      res.json((await session(req)).toJSON());
    });
    app.get('/set', async (req, res) => {
      const s = await session(req);
      for (const [key, value] of Object.entries(req.query as Query)) s.set(key, value);
      res.send('ok');
    });
    app.get('/stream', async (req, res) => {
      (await session(req)).set('streamed', true);
      res.write('first ');
      res.end('last');
    });
    app.get('/destroy', async (req, res) => {
      await (await session(req)).destroy();
      res.send('bye');
    });
    app.get('/regenerate', async (req, res) => {
      const s = await session(req);
      await s.regenerate();
      s.set('regenerated', '1');
      res.send('ok');
    });
    app.get('/remember', async (req, res) => {
      const s = await session(req);
      const query = req.query as Query;
      if (query.browser === '1') s.browserSession = true;
      else s.setTtl(query.ttl as '30d');
      s.set('remember', '1');
      res.send('ok');
    });
    app.get('/big', async (req, res) => {
      const query = req.query as Query;
      (await session(req)).set(query.key as string, 'x'.repeat(Number(query.bytes)));
      res.send('ok');
    });
    return listen(app);
  },
};

describeAdapter(vialSessionHarness);
