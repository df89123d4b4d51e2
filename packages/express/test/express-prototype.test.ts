import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Browser } from '@vial/adapter-test-suite';
import { Vial } from '@vial/core';
import { memoryDriver } from '@vial/driver-memory';
import express from 'express';
import { afterEach, describe, expect, test } from 'vitest';
import { expressSession, vialSession } from '../src/index.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(app: express.Express): Promise<Browser> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return new Browser(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}

const newVial = () => new Vial({ driver: memoryDriver({ sweepIntervalMs: false }) });

describe('under Express', () => {
  test('the middleware adds one symbol to req, nothing to res, and no named property', async () => {
    const app = express();
    app.use(vialSession({ vial: newVial() }));
    app.get('/', (req, res) => {
      req.session.set('n', 1);
      const own = ['session', 'loadSession'].filter((name) => Object.hasOwn(req, name));
      own.push(...['writeHead', 'write', 'end'].filter((name) => Object.hasOwn(res, name)));
      for (const target of [req, res]) {
        own.push(
          ...Object.getOwnPropertySymbols(target)
            .map(String)
            .filter((s) => s.includes('vial')),
        );
      }
      res.send(JSON.stringify(own));
    });
    const browser = await serve(app);
    // The accessors and wrappers live on Express's prototypes; per request, only the state.
    expect(JSON.parse(await browser.text('/'))).toEqual(['Symbol(vial.request)']);
    expect(browser.lastSetCookies).toHaveLength(1);
  });

  test('vialSession() and expressSession() on one request: an error names both, in either order', async () => {
    for (const order of ['vial first', 'express-session first']) {
      const vial = newVial();
      const app = express();
      const both = [vialSession({ vial }), expressSession({ vial })];
      app.use(...(order === 'vial first' ? both : both.reverse()));
      app.get('/', (_req, res) => {
        res.send('route ran');
      });
      app.use((error: Error, _req: express.Request, res: express.Response, _next: unknown) => {
        res.status(500).send(error.message);
      });
      const browser = await serve(app);
      const response = await browser.get('/');
      expect(response.status).toBe(500);
      expect(await response.text()).toMatch(/vialSession\(\) and expressSession\(\) both run/);
      await close?.();
      close = undefined;
    }
  });

  test('a route that vialSession() did not run for sees no session, and may assign one of its own', async () => {
    const app = express();
    app.get('/before', (req, res) => {
      const before = String((req as { session?: unknown }).session);
      (req as { session?: unknown }).session = 'plain';
      res.send(`${before} ${String((req as { session?: unknown }).session)}`);
    });
    app.use(vialSession({ vial: newVial() }));
    app.get('/after', (req, res) => {
      req.session.set('n', 1);
      res.send('ok');
    });
    const browser = await serve(app);
    expect(await browser.text('/after')).toBe('ok');
    expect(await browser.text('/before')).toBe('undefined plain');
  });

  test('a session changed in a mounted app is saved even when the parent app answers the error', async () => {
    const vial = newVial();
    const parent = express();
    const child = express();
    child.use(vialSession({ vial }));
    child.get('/fail', (req, _res, next) => {
      req.session.set('n', 1);
      next(new Error('the route failed'));
    });
    child.get('/read', (req, res) => {
      res.send(String(req.session.get('n')));
    });
    parent.use('/child', child);
    parent.use(
      (_error: unknown, _req: express.Request, res: express.Response, _next: () => void) => {
        res.status(500).send('parent error page');
      },
    );
    const browser = await serve(parent);
    const failed = await browser.get('/child/fail');
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('parent error page');
    expect(browser.lastSetCookies).toHaveLength(1);
    expect(await browser.text('/child/read')).toBe('1');
  });

  test('a middleware before it that wraps res.end (as compression does) still sees the held response', async () => {
    const app = express();
    const order: string[] = [];
    app.use((_req, res, next) => {
      const end = res.end;
      res.end = function wrapped(this: typeof res, ...args: unknown[]) {
        order.push('end reached the socket side');
        return (end as (...a: unknown[]) => typeof res).apply(this, args);
      } as typeof res.end;
      next();
    });
    const vial = newVial();
    app.use(vialSession({ vial }));
    app.get('/', (req, res) => {
      req.session.set('n', 1);
      order.push('route answered');
      res.send('ok');
    });
    const browser = await serve(app);
    for (let i = 0; i < 2; i++) {
      expect(await browser.text('/')).toBe('ok');
      expect(browser.lastSetCookies.length).toBeLessThanOrEqual(1);
    }
    expect(order).toEqual([
      'route answered',
      'end reached the socket side',
      'route answered',
      'end reached the socket side',
    ]);
    const value = browser.jar.get('vial') as string;
    const session = await vial.load(value.slice(0, value.lastIndexOf('~')));
    expect(session.get('n')).toBe(1);
  });
});
