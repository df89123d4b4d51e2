import { type Session, Vial } from '@vial/core';
import { memoryDriver } from '@vial/driver-memory';
import express from 'express';
import { expectTypeOf, test } from 'vitest';
import { type VialIncomingMessage, type VialSessionOptions, vialSession } from '../src/index.js';

// An interface, not only a type alias, can be the session's data type.
interface AppData {
  n: number;
  cart: string[];
}

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

test('an interface works as the data type of the options and of a node:http request', () => {
  interface Flash {
    flash: string;
  }
  const vial = new Vial<Flash>({ driver: memoryDriver({ sweepIntervalMs: false }) });
  expectTypeOf(vialSession({ vial })).toBeFunction();
  expectTypeOf<VialSessionOptions<Flash>['vial']>().toEqualTypeOf<Vial<Flash>>();
  expectTypeOf<VialIncomingMessage<Flash>['session']>().toEqualTypeOf<Session<Flash>>();
  const route = (req: VialIncomingMessage<Flash>) => {
    req.session.set('flash', 'Saved.');
    // @ts-expect-error: flash holds a string
    req.session.set('flash', 1);
  };
  expectTypeOf(route).parameter(0).toHaveProperty('loadSession');
});
