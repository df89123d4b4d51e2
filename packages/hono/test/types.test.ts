import { type Session, Vial } from '@vial/core';
import { memoryDriver } from '@vial/driver-memory';
import { Hono } from 'hono';
import { expectTypeOf, test } from 'vitest';
import { type VialEnv, vialSession } from '../src/index.js';

// An interface, not only a type alias, can be the session's data type.
interface AppData {
  n: number;
  cart: string[];
}

test('VialEnv<Data> types c.var.session and c.var.loadSession() in every handler', () => {
  const vial = new Vial<AppData>({ driver: memoryDriver({ sweepIntervalMs: false }) });
  const app = new Hono<VialEnv<AppData>>();
  app.use(vialSession({ vial }));
  app.get('/', async (c) => {
    expectTypeOf(c.var.session).toEqualTypeOf<Session<AppData>>();
    expectTypeOf(c.var.session.get('cart')).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(await c.var.loadSession()).toEqualTypeOf<Session<AppData>>();
    // @ts-expect-error: 'colour' is not a key of AppData
    c.var.session.get('colour');
    // @ts-expect-error: n holds a number
    c.var.session.set('n', 'one');
    return c.text('ok');
  });
});
