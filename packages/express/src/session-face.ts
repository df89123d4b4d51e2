/**
 * `req.session` under `expressSession()`: a Proxy that turns express-session's
 * property bag into a vial Session. Each top-level property is one key of the
 * Session (`req.session.views++` is a get and a set), so delta saves and
 * merges of concurrent requests hold per property, and core re-encodes a
 * value that was read to catch nested changes (`req.session.passport.user = x`).
 */
import type { Session } from '@vial/core';
import type { ResolvedCookie } from '@vial/http';
import { setAsJson } from './json-values.js';
import type {
  ExpressSessionCookie,
  ExpressSessionMethods,
  SessionCallback,
} from './session-face-types.js';

/** The Session behind a face, its data type erased. */
export type AnySession = Session<Record<string, unknown>>;

/** What a face reads and writes: its Session, or after `regenerate()` a copy of what it held. */
interface Backing {
  get(key: string): unknown;
  set(key: string, value: never): unknown;
  has(key: string): boolean;
  delete(key: string): boolean;
  keys(): IterableIterator<string>;
}

/** The request-level work a face hands back to its middleware. */
export interface FaceHost {
  regenerate(face: Face): Promise<void>;
  destroy(face: Face): Promise<void>;
  save(session: AnySession): Promise<void>;
  reload(session: AnySession): Promise<void>;
  /** The id express-session would show: the Session's, or the old session's while mirroring. */
  sessionId(session: AnySession): string | null;
  touch(): void;
  readonly cookie: ResolvedCookie;
  now(): number;
}

interface FaceState {
  readonly session: AnySession;
  backing: Backing;
  readonly host: FaceHost;
  cookie: ExpressSessionCookie | undefined;
}

const STATE = Symbol('vial.expressSession');

/** The object behind the Proxy: API on the prototype, state under a symbol. */
interface Target {
  [STATE]: FaceState;
}

/** A face: `req.session` as the route sees it. */
export type Face = ExpressSessionMethods & Target;

/** Names that are the session's API, never data. */
const RESERVED = new Set(['id', 'cookie', 'regenerate', 'save', 'destroy', 'reload', 'touch']);

class FaceMethods {
  declare [STATE]: FaceState;

  get id(): string | null {
    const state = this[STATE];
    return state.host.sessionId(state.session);
  }

  get cookie(): ExpressSessionCookie {
    const state = this[STATE];
    state.cookie ??= cookieView(state);
    return state.cookie;
  }

  regenerate(callback?: SessionCallback): unknown {
    const state = this[STATE];
    return finish(this, state.host.regenerate(this as unknown as Face), callback);
  }

  save(callback?: SessionCallback): unknown {
    const state = this[STATE];
    return finish(this, state.host.save(state.session), callback);
  }

  destroy(callback?: SessionCallback): unknown {
    const state = this[STATE];
    return finish(this, state.host.destroy(this as unknown as Face), callback);
  }

  reload(callback?: SessionCallback): unknown {
    const state = this[STATE];
    return finish(this, state.host.reload(state.session), callback);
  }

  touch(): this {
    this[STATE].host.touch();
    return this;
  }
}

/**
 * Hands the outcome to `callback` (on the next tick, outside the promise, as
 * a store's callback would be called), or returns the promise. A promise left
 * unawaited, as express-session allows, must not crash the process: its
 * failure is still seen by the save when the response starts.
 */
function finish(face: object, work: Promise<void>, callback: SessionCallback | undefined): unknown {
  if (callback === undefined) {
    work.catch(() => undefined);
    return work;
  }
  work.then(
    () => process.nextTick(callback),
    (error: unknown) => process.nextTick(callback, error),
  );
  return face;
}

function cookieView(state: FaceState): ExpressSessionCookie {
  const { session, host } = state;
  const { cookie } = host;
  // express-session's browser-session cookie has neither maxAge nor expires.
  const expires = () => (session.browserSession ? null : session.expiresAt);
  return Object.freeze(
    Object.defineProperties({} as ExpressSessionCookie, {
      maxAge: {
        enumerable: true,
        get: () => {
          const at = expires();
          return at === null ? null : Math.max(0, at.getTime() - host.now());
        },
        // "Remember me", as with express-session: this session's own lifetime, in ms; null for a browser-session cookie.
        set: (ms: unknown) => {
          if (ms === null) {
            session.browserSession = true;
            return;
          }
          if (typeof ms !== 'number' || !(ms > 0) || !Number.isFinite(ms)) {
            throw new TypeError(
              `req.session.cookie.maxAge must be a positive number of milliseconds, or null for a browser-session cookie; got ${String(ms)}`,
            );
          }
          session.setTtl(`${ms / 1000}s`);
          session.browserSession = false;
        },
      },
      expires: {
        enumerable: true,
        get: expires,
        set: (at: unknown) => {
          if (at === null || at === false) {
            session.browserSession = true;
            return;
          }
          if (!(at instanceof Date) || !(at.getTime() > host.now())) {
            throw new TypeError(
              `req.session.cookie.expires must be a Date in the future, or false for a browser-session cookie; got ${String(at)}`,
            );
          }
          session.setTtl(`${(at.getTime() - host.now()) / 1000}s`);
          session.browserSession = false;
        },
      },
      originalMaxAge: {
        enumerable: true,
        get: () => (session.browserSession ? null : session.ttlMs),
      },
      httpOnly: { enumerable: true, value: cookie.httpOnly },
      path: { enumerable: true, value: cookie.path },
      domain: { enumerable: true, value: cookie.domain },
      secure: { enumerable: true, value: cookie.secure },
      sameSite: { enumerable: true, value: cookie.sameSite },
      partitioned: { enumerable: true, value: cookie.partitioned },
    }),
  );
}

function reserved(key: string): never {
  throw new TypeError(
    `req.session.${key} is part of the session's API, not data: choose another property name`,
  );
}

const HANDLER: ProxyHandler<Target> = {
  get(target, key, receiver) {
    if (typeof key === 'string' && !RESERVED.has(key)) {
      const backing = target[STATE].backing;
      if (backing.has(key)) return backing.get(key);
    }
    return Reflect.get(target, key, receiver);
  },
  set(target, key, value) {
    if (typeof key === 'symbol') return Reflect.set(target, key, value);
    if (RESERVED.has(key)) reserved(key);
    const backing = target[STATE].backing;
    // express-session drops undefined properties when it serializes: so does a delete here.
    if (value === undefined) backing.delete(key);
    else setAsJson(backing, key, value);
    return true;
  },
  deleteProperty(target, key) {
    if (typeof key === 'symbol') return Reflect.deleteProperty(target, key);
    if (RESERVED.has(key)) reserved(key);
    target[STATE].backing.delete(key);
    return true;
  },
  has(target, key) {
    return (typeof key === 'string' && target[STATE].backing.has(key)) || Reflect.has(target, key);
  },
  ownKeys(target) {
    return [...target[STATE].backing.keys()];
  },
  getOwnPropertyDescriptor(target, key) {
    if (typeof key === 'string' && !RESERVED.has(key)) {
      const backing = target[STATE].backing;
      if (backing.has(key)) {
        return { value: backing.get(key), writable: true, enumerable: true, configurable: true };
      }
    }
    return Reflect.getOwnPropertyDescriptor(target, key);
  },
  defineProperty(target, key, descriptor) {
    if (typeof key === 'symbol') return Reflect.defineProperty(target, key, descriptor);
    if (RESERVED.has(key)) reserved(key);
    if (!('value' in descriptor)) {
      throw new TypeError(`req.session.${key} must be a plain value, not an accessor`);
    }
    return HANDLER.set?.(target, key, descriptor.value, target) ?? false;
  },
};

/** A new face over `session`. */
export function createFace(session: AnySession, host: FaceHost): Face {
  const target = Object.create(FaceMethods.prototype) as Target;
  target[STATE] = { session, backing: session, host, cookie: undefined };
  return new Proxy(target, HANDLER) as unknown as Face;
}

/** The Session a face stands for, or `undefined` when `value` is not a face. */
export function sessionOf(value: unknown): AnySession | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  return (value as Partial<Target>)[STATE]?.session;
}

/** Keeps what the face's session held readable on the face, once the session itself goes away. */
export function detach(face: Face): void {
  const state = face[STATE];
  const session = state.session;
  state.backing = session.isDestroyed ? new Map() : new Map(session.entries());
}
