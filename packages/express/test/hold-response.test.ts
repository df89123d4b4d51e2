import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { holderOf, holdResponse, type ResponseHolder } from '../src/hold-response.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A plain node:http server whose handler holds each response with the holder `holderFor` makes. */
async function serve(
  holderFor: (res: ServerResponse) => ResponseHolder,
  route: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<string> {
  const server = createServer((req, res) => {
    holdResponse(req, res, holderFor(res));
    route(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('a step that throws at once drops what the route wrote and lets onError answer', async () => {
  const errors: unknown[] = [];
  const url = await serve(
    (res) => ({
      beforeHeaders() {
        throw new Error('cookie could not be built');
      },
      onError(error) {
        errors.push(error);
        res.statusCode = 500;
        res.end('error page');
      },
    }),
    (_req, res) => {
      res.setHeader('x-route', 'yes');
      res.write('route body ');
      res.end('and its end');
    },
  );
  const response = await fetch(url);
  expect(response.status).toBe(500);
  expect(await response.text()).toBe('error page');
  expect(errors).toEqual([new Error('cookie could not be built')]);
});

test('a step that ends at once sends the first write in its call, and the holder is found from the request', async () => {
  const seen: string[] = [];
  const url = await serve(
    (res) => ({
      beforeHeaders() {
        res.setHeader('x-held', 'settled');
        return undefined;
      },
      onError() {
        seen.push('onError');
      },
    }),
    (req, res) => {
      seen.push(holderOf(req) === undefined ? 'no holder' : 'holder');
      res.write('a');
      seen.push(`sent: ${res.headersSent}`);
      res.end('b');
    },
  );
  const response = await fetch(url);
  expect(response.headers.get('x-held')).toBe('settled');
  expect(await response.text()).toBe('ab');
  expect(seen).toEqual(['holder', 'sent: true']);
});
