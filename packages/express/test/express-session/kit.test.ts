import { type AdapterHarness, describeAdapter } from '@vial/adapter-test-suite';
import express from 'express';
import { expressSession } from '../../src/index.js';
import { listen, type Query } from '../kit-listen.js';
import './session-data.js';

/** The kit's routes on the express-session face, as a route written for express-session does them. */
const faceHarness: AdapterHarness = {
  name: '@vial/express expressSession()',
  lazy: false,
  regenerateKeepsData: false,
  replaceAfterDestroy: false,
  build: (options) => expressSession(options as never),
  serve(options) {
    const app = express();
    app.use(expressSession(options as never));
    const data = (req: express.Request) => req.session as unknown as Record<string, unknown>;
    app.get('/untouched', (_req, res) => {
      res.send('ok');
    });
    app.get('/get', (req, res) => {
      res.json(req.session);
    });
    app.get('/set', (req, res) => {
      for (const [key, value] of Object.entries(req.query as Query)) data(req)[key] = value;
      res.send('ok');
    });
    app.get('/stream', (req, res) => {
      data(req).streamed = true;
      res.write('first ');
      res.end('last');
    });
    app.get('/destroy', (req, res, next) => {
      req.session.destroy((error) => (error ? next(error) : res.send('bye')));
    });
    app.get('/regenerate', (req, res, next) => {
      req.session.regenerate((error) => {
        if (error) return next(error);
        data(req).regenerated = '1';
        res.send('ok');
      });
    });
    app.get('/remember', (req, res) => {
      const query = req.query as Query;
      // As with express-session: the cookie's maxAge (ms), or expires = false for a browser session.
      if (query.browser === '1') req.session.cookie.expires = false;
      else req.session.cookie.maxAge = Number.parseInt(query.ttl as string, 10) * 86_400_000;
      data(req).remember = '1';
      res.send('ok');
    });
    app.get('/big', (req, res) => {
      const query = req.query as Query;
      data(req)[query.key as string] = 'x'.repeat(Number(query.bytes));
      res.send('ok');
    });
    return listen(app);
  },
};

describeAdapter(faceHarness);
