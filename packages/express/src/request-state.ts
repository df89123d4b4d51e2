import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Session } from '@vial/core';
import type { SessionRequest } from '@vial/http';
import { appPrototypeOf } from './express-prototype.js';
import { holderOf, type ResponseHolder } from './hold-response.js';
import { appendSetCookie } from './set-cookie.js';

/** The state the middleware gave `req`, if any; its presence also marks the middleware as mounted. */
export function stateOf(req: IncomingMessage): RequestState<object> | undefined {
  const holder = holderOf(req);
  return holder instanceof RequestState ? (holder as RequestState<object>) : undefined;
}

/**
 * One request's session: what `req.session` reads and writes, and what the
 * held response waits for. One object per request; the `req.session` accessor
 * and the response wrappers are shared functions that find it.
 */
export class RequestState<Data extends object> implements ResponseHolder {
  /** `req.session`: the loaded one, or one the route put in its place. */
  current: Session<Data> | undefined = undefined;
  #loadSession: (() => Promise<Session<Data>>) | undefined = undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly request: SessionRequest<Data>,
    readonly next: (error?: unknown) => void,
    readonly lazy: boolean,
  ) {}

  /** Resolves to `req.session`, loading it first when nothing is there yet. */
  load(): Promise<Session<Data>> {
    return this.request.load().then((loaded) => {
      this.current ??= loaded;
      return this.current;
    });
  }

  /** `req.loadSession`, built on first use: a function that works detached from `req`. */
  get loadSession(): () => Promise<Session<Data>> {
    this.#loadSession ??= () => this.load();
    return this.#loadSession;
  }

  beforeHeaders(): Promise<void> | undefined {
    const secure = () => isSecure(this.req);
    const now = this.request.finishNow(this.current, secure);
    if (now === undefined) return this.#saveThenCookie(secure);
    if (now !== null) appendSetCookie(this.res, now);
    return undefined;
  }

  async #saveThenCookie(secure: () => boolean): Promise<void> {
    const setCookie = await this.request.finish(this.current, secure);
    if (setCookie !== null && !this.res.headersSent) appendSetCookie(this.res, setCookie);
  }

  onError(error: unknown): void {
    this.next(error);
  }
}

/**
 * `req.session` and `req.loadSession`: the same accessors for every request,
 * defined on the request itself or once on Express's `app.request`. A request
 * the middleware never saw reads `undefined`, and an assignment to its
 * `session` makes a plain property of its own, as without the accessor.
 */
const REQUEST_PROPERTIES: PropertyDescriptorMap = {
  session: {
    configurable: true,
    enumerable: true,
    get(this: IncomingMessage) {
      const state = stateOf(this);
      if (state === undefined) return undefined;
      if (state.current === undefined) throw notLoaded(state.lazy);
      return state.current;
    },
    set(this: IncomingMessage, replacement: Session<object>) {
      const state = stateOf(this);
      if (state !== undefined) state.current = replacement;
      else {
        Object.defineProperty(this, 'session', {
          configurable: true,
          enumerable: true,
          writable: true,
          value: replacement,
        });
      }
    },
  },
  loadSession: {
    configurable: true,
    get(this: IncomingMessage) {
      return stateOf(this)?.loadSession;
    },
  },
};

/** The `app.request` prototypes that carry {@link REQUEST_PROPERTIES}. */
const EXTENDED = new WeakSet<object>();

/** Gives `req` its `session` and `loadSession`, on Express's `app.request` when it can. */
export function defineRequestFields(req: IncomingMessage): void {
  const proto = appPrototypeOf(req);
  if (proto === undefined || Object.hasOwn(req, 'session') || Object.hasOwn(req, 'loadSession')) {
    Object.defineProperties(req, REQUEST_PROPERTIES);
    return;
  }
  if (!EXTENDED.has(proto)) {
    Object.defineProperties(proto, REQUEST_PROPERTIES);
    EXTENDED.add(proto);
  }
}

function notLoaded(lazy: boolean): Error {
  return new Error(
    lazy
      ? 'req.session is not loaded yet: with vialSession({ lazy: true }), call `await req.loadSession()` first'
      : 'req.session is not available: the session failed to load (see the error passed to next())',
  );
}

/** Express's `req.secure` follows `trust proxy`; plain node:http only knows whether the socket is TLS. */
export function isSecure(req: IncomingMessage): boolean {
  const expressSecure = (req as { secure?: unknown }).secure;
  if (typeof expressSecure === 'boolean') return expressSecure;
  return (req.socket as TLSSocket).encrypted === true;
}
