import { type Session, Vial } from '@vial/core';
import { memoryDriver } from '@vial/driver-memory';
import express from 'express';
import { expectTypeOf, test } from 'vitest';
import { type VialIncomingMessage, vialSession } from '../src/index.js';

type AppData = { n: number; cart: string[] };

declare module '../src/index.js' {
  interface VialSessionTypes {
    data: AppData;
  }
}

test('a registered data type types req.session in every Express handler', () => {
  const vial = new Vial<AppData>({ driver: memoryDriver({ sweepIntervalMs: false }) });
  const app = express();
  app.use(vialSession({ vial }));
  app.get('/', async (req, res) => {
    expectTypeOf(req.session).toEqualTypeOf<Session<AppData>>();
    expectTypeOf(req.session.get('cart')).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(await req.loadSession()).toEqualTypeOf<Session<AppData>>();
    // @ts-expect-error: 'colour' is not a key of AppData
    req.session.get('colour');
    // @ts-expect-error: n holds a number
    req.session.set('n', 'one');
    res.end();
  });
});

test('node:http handlers name the request type explicitly', () => {
  expectTypeOf<VialIncomingMessage['session']>().toEqualTypeOf<Session<AppData>>();
  expectTypeOf<VialIncomingMessage<{ x: 1 }>['session']>().toEqualTypeOf<Session<{ x: 1 }>>();
});
