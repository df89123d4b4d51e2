// Its own compilation (tsconfig.json here): the data type registered below
// applies to every file tsc sees with it, and the other tests use free-form keys.
import { type Session, Vial } from '@vial/core';
import { memoryDriver } from '@vial/driver-memory';
import Fastify from 'fastify';
import { expectTypeOf, test } from 'vitest';
import vialSessionDefault, { type VialSessionOptions, vialSession } from '../../src/index.js';

// An interface, not only a type alias, can be the session's data type.
interface AppData {
  visits: number;
  cart: string[];
}

declare module '../../src/index.js' {
  interface VialSessionTypes {
    data: AppData;
  }
}

test('a registered data type types request.session and loadSession() in every route and hook', async () => {
  const vial = new Vial<AppData>({ driver: memoryDriver({ sweepIntervalMs: false }) });
  const app = Fastify();
  await app.register(vialSession, { vial, secret: 'a-cookie-secret-of-32-characters' });
  app.addHook('preHandler', async (request) => {
    expectTypeOf(request.session).toEqualTypeOf<Session<AppData>>();
  });
  app.get('/', { config: { session: true } }, async (request) => {
    expectTypeOf(request.session).toEqualTypeOf<Session<AppData>>();
    expectTypeOf(request.session.get('cart')).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(await request.loadSession()).toEqualTypeOf<Session<AppData>>();
    // @ts-expect-error: 'colour' is not a key of AppData
    request.session.get('colour');
    // @ts-expect-error: visits holds a number
    request.session.set('visits', 'many');
    return 'ok';
  });
  // @ts-expect-error: config.session is a boolean
  app.get('/bad', { config: { session: 'yes' } }, () => 'ok');
  await app.close();
});

test('the plugin is the default export too, and its options take the Vial of the registered type', () => {
  expectTypeOf(vialSessionDefault).toEqualTypeOf(vialSession);
  expectTypeOf<VialSessionOptions<AppData>['vial']>().toEqualTypeOf<Vial<AppData>>();
  const app = Fastify();
  // @ts-expect-error: vial is required
  app.register(vialSession, {});
  // @ts-expect-error: lazy is a boolean
  app.register(vialSession, { vial: new Vial<AppData>({ driver: memoryDriver() }), lazy: 'no' });
});
