import type { Session } from '@vial/core';
import { beginRequest, resolveHttpOptions } from '@vial/http';
import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginCallback,
  FastifyRequest,
  onRequestHookHandler,
  onSendHookHandler,
} from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import type { VialSessionOptions } from './options.js';
import { RequestState } from './request-state.js';
import type { RegisteredSessionData } from './types.js';

type Data = RegisteredSessionData;

/** Each request's {@link RequestState}, in a field Fastify sets to `null` in its request constructor. */
const STATE = Symbol('vial.session');

interface Stateful {
  [STATE]: RequestState<Data> | null;
}

/**
 * vial sessions for Fastify 5.
 *
 * ```ts
 * await app.register(vialSession, { vial, secret: process.env.COOKIE_SECRET });
 * app.post('/cart', (request) => {
 *   request.session.set('cart', [...(request.session.get('cart') ?? []), 'kettle']);
 *   return { ok: true }; // saved, and the cookie set, in onSend before the headers go out
 * });
 * ```
 *
 * As on every adapter, a request that carries the session cookie gets its
 * session loaded before the handler (one round trip), and one without gets a
 * new session at no storage call. A route opts out with
 * `config: { session: false }` (it can still `await request.loadSession()`);
 * with `lazy: true` only routes with `config: { session: true }` load it
 * first. A route that never touches the session sets no cookie. In `onSend`, a session that was loaded or set is
 * saved if it changed and the cookie set, refreshed or cleared (`@vial/http`
 * decides). A failed load or save goes to Fastify's error handler: a
 * `StorageUnavailableError`, whose `status` 503 the default handler answers.
 */
const vialSessionPlugin: FastifyPluginCallback<VialSessionOptions<Data>> = (
  fastify,
  options,
  done,
) => {
  let settings: ReturnType<typeof resolveHttpOptions<Data>>;
  try {
    settings = resolveHttpOptions(options, 'app.register(vialSession, options)');
  } catch (error) {
    done(error as Error);
    return;
  }
  const { vial } = settings;
  const preloadByDefault = !settings.lazy;

  const stateOf = (request: FastifyRequest): RequestState<Data> => {
    const holder = request as unknown as Stateful;
    let state = holder[STATE];
    if (state === null) {
      state = new RequestState(beginRequest(settings, request.headers.cookie));
      holder[STATE] = state;
    }
    return state;
  };

  const preload: onRequestHookHandler = (request, _reply, next) => {
    if (!(request.routeOptions.config?.session ?? preloadByDefault)) return next();
    const state = stateOf(request);
    if (state.request.incoming.token === null) {
      // No valid cookie: a new session, built synchronously, without any storage call.
      state.current ??= vial.session();
      return next();
    }
    state.load().then(
      () => next(),
      (error: unknown) => next(error as FastifyError),
    );
  };

  const save: onSendHookHandler = (request, reply, payload, next) => {
    const state = (request as unknown as Stateful)[STATE];
    // Untouched, or the error handler's reply after our own failure: pass through.
    if (state === null || state.finished) return next(null, payload);
    state.finished = true;
    state.request
      .finish(state.current, () => request.protocol === 'https')
      .then(
        (setCookie) => {
          if (setCookie !== null) reply.header('set-cookie', setCookie);
          next(null, payload);
        },
        (error: unknown) => next(error as FastifyError),
      );
  };

  fastify.decorateRequest(STATE, null);
  fastify.decorateRequest('session', {
    getter(this: FastifyRequest): Session<Data> {
      return stateOf(this).session();
    },
    setter(this: FastifyRequest, replacement: Session<Data>) {
      stateOf(this).current = replacement;
    },
  });
  fastify.decorateRequest('loadSession', {
    getter(this: FastifyRequest) {
      return stateOf(this).loadSession;
    },
  });
  fastify.addHook('onRequest', preload);
  fastify.addHook('onSend', save);
  done();
};

/**
 * The plugin's type: generic over the data type, which `app.register()` infers
 * from the `vial` option, as `vialSession()` of `@vial/express` does.
 */
export type VialSessionPlugin = <Data extends object = RegisteredSessionData>(
  instance: FastifyInstance,
  options: VialSessionOptions<Data>,
  done: (error?: Error) => void,
) => void;

/**
 * The plugin, wrapped with `fastify-plugin` so that `request.session` and
 * its hooks reach every route of the app that registers it:
 * `app.register(vialSession, { vial, cookie, secret, lazy })`.
 */
export const vialSession = fastifyPlugin(vialSessionPlugin, {
  fastify: '5.x',
  name: '@vial/fastify',
}) as VialSessionPlugin;
