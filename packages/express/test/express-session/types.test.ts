import express from 'express';
import { expectTypeOf, test } from 'vitest';
import type { ExpressSessionCookie } from '../../src/index.js';
import './session-data.js';

test('SessionData, declared by merging as with @types/express-session, types req.session', () => {
  const app = express();
  app.get('/', async (req, res) => {
    expectTypeOf(req.session.views).toEqualTypeOf<number | undefined>();
    expectTypeOf(req.session.passport).toEqualTypeOf<{ user?: string } | undefined>();
    expectTypeOf(req.session.cookie).toEqualTypeOf<ExpressSessionCookie>();
    expectTypeOf(req.session.cookie.maxAge).toEqualTypeOf<number | null>();
    expectTypeOf(req.sessionID).toEqualTypeOf<string | null>();
    expectTypeOf(req.session.save()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(req.session.regenerate(() => undefined)).toEqualTypeOf(req.session);
    // @ts-expect-error: views holds a number
    req.session.views = 'many';
    // @ts-expect-error: colour is not declared in SessionData
    req.session.colour = 'blue';
    // @ts-expect-error: vialSession()'s loadSession is not there under expressSession()
    req.loadSession;
    res.end();
  });
});
