import type { IncomingMessage, ServerResponse } from 'node:http';
import { appPrototypeOf } from './express-prototype.js';

/** What a held response waits for, and who hears about its failure. */
export interface ResponseHolder {
  /**
   * The step that must end before anything is sent (a save that decides
   * Set-Cookie): a promise, or `undefined` when it already ended
   * synchronously (nothing to save), and the response goes out at once.
   */
  beforeHeaders(): Promise<void> | undefined;
  /** Gets the step's error while the headers are still unsent; the held writes are dropped. */
  onError(error: unknown): void;
}

type Writer = (this: ServerResponse, ...args: unknown[]) => unknown;
type WriterName = 'writeHead' | 'write' | 'end';

interface Writers {
  readonly writeHead: Writer;
  readonly write: Writer;
  readonly end: Writer;
}

/** The hold of one response. */
interface Hold {
  readonly holder: ResponseHolder;
  /**
   * When the hold wraps the methods on the response itself: the response's
   * own methods before the hold, and the wrappers put in their place.
   */
  own: { readonly before: Writers; readonly wrappers: Writers } | undefined;
  /** `true` once the first writer started the step; `released` once it ended. */
  started: boolean;
  released: boolean;
  /** The calls made while holding, as `[writer, args]`. */
  queue: Array<[Writer, unknown[]]> | undefined;
}

/**
 * Each request's hold, under one symbol on the request, found from the
 * response through `res.req` (Node.js and Express both set it): the one
 * property the middleware adds per request. Why a property and not a
 * `WeakMap`, and why only one: see `express-prototype.ts`.
 */
const HOLD = Symbol('vial.request');

interface HoldCarrier {
  [HOLD]?: Hold;
}

/** The holder `req`'s response is held by, if any: the middleware's per-request state. */
export function holderOf(req: IncomingMessage): ResponseHolder | undefined {
  return (req as HoldCarrier)[HOLD]?.holder;
}

/** The wrappers installed on each Express `app.response`. */
const APP_WRAPPERS = new WeakMap<object, Writers>();

/**
 * Makes the response wait for `holder.beforeHeaders()` before anything is
 * sent, and makes `holder` the one {@link holderOf} `req` gives.
 *
 * The first call of `writeHead`, `write` or `end` starts the step; when it
 * returns a promise, that call and every later one are queued and replayed
 * in order once it resolves. If it rejects (or throws), the queued calls are
 * dropped and `holder.onError` gets the error while the headers are still
 * unsent, so the framework's error handler can answer with a 5xx (through
 * the original methods).
 *
 * Under a top-level Express app the three methods are wrapped once on its
 * `app.response` (see `express-prototype.ts`), and a response that is not
 * held passes straight through. Elsewhere, or when an earlier middleware put
 * methods of its own on the response, they are wrapped on the response.
 */
export function holdResponse(
  req: IncomingMessage,
  res: ServerResponse,
  holder: ResponseHolder,
): void {
  const hold: Hold = { holder, own: undefined, started: false, released: false, queue: undefined };
  (req as HoldCarrier)[HOLD] = hold;
  const wrappers = appWrappers(res);
  if (
    wrappers !== undefined &&
    res.req === req &&
    res.writeHead === wrappers.writeHead &&
    res.write === wrappers.write &&
    res.end === wrappers.end
  ) {
    return;
  }
  const before: Writers = {
    writeHead: res.writeHead as Writer,
    write: res.write as Writer,
    end: res.end as Writer,
  };
  const own = (name: WriterName): Writer =>
    function heldByVial(this: ServerResponse, ...args: unknown[]) {
      // A wrapper still reachable after the release: a method someone wrapped after us.
      if (hold.released) return before[name].apply(this, args);
      return queue(this, hold, name, before[name], args);
    };
  hold.own = {
    before,
    wrappers: { writeHead: own('writeHead'), write: own('write'), end: own('end') },
  };
  res.writeHead = hold.own.wrappers.writeHead as ServerResponse['writeHead'];
  res.write = hold.own.wrappers.write as ServerResponse['write'];
  res.end = hold.own.wrappers.end as ServerResponse['end'];
}

function appWrappers(res: ServerResponse): Writers | undefined {
  const proto = appPrototypeOf(res);
  if (proto === undefined) return undefined;
  let wrappers = APP_WRAPPERS.get(proto);
  if (wrappers === undefined) {
    wrappers = {
      writeHead: wrapOnPrototype(proto, 'writeHead'),
      write: wrapOnPrototype(proto, 'write'),
      end: wrapOnPrototype(proto, 'end'),
    };
    APP_WRAPPERS.set(proto, wrappers);
  }
  return wrappers;
}

function wrapOnPrototype(proto: object, name: WriterName): Writer {
  const original = (proto as Record<WriterName, Writer>)[name];
  const wrapper: Writer = function heldByVial(this: ServerResponse, ...args: unknown[]) {
    const hold = (this.req as HoldCarrier | undefined)?.[HOLD];
    if (hold === undefined || hold.released || hold.own !== undefined) {
      return original.apply(this, args);
    }
    return queue(this, hold, name, original, args);
  };
  Object.defineProperty(proto, name, { configurable: true, writable: true, value: wrapper });
  return wrapper;
}

function queue(
  res: ServerResponse,
  hold: Hold,
  name: WriterName,
  original: Writer,
  args: unknown[],
): unknown {
  if (!hold.started) {
    hold.started = true;
    let step: Promise<void> | undefined;
    try {
      step = hold.holder.beforeHeaders();
    } catch (error) {
      // As if the step had rejected: what the route writes after this call is dropped too.
      step = Promise.reject(error);
    }
    if (step === undefined) {
      // Nothing to wait for: this call goes out now, and later ones pass through.
      restore(res, hold);
      return original.apply(res, args);
    }
    step.then(
      () => release(res, hold),
      (error: unknown) => fail(res, hold, error),
    );
  }
  if (hold.queue === undefined) hold.queue = [[original, args]];
  else hold.queue.push([original, args]);
  // write() answers "keep writing": the few chunks held during one save stay in memory.
  return name === 'write' ? true : res;
}

function release(res: ServerResponse, hold: Hold): void {
  restore(res, hold);
  const calls = hold.queue ?? [];
  hold.queue = undefined;
  for (const [writer, args] of calls) writer.apply(res, args);
}

function fail(res: ServerResponse, hold: Hold, error: unknown): void {
  restore(res, hold);
  hold.queue = undefined;
  hold.holder.onError(error);
}

/** Ends the hold; puts own methods back, except where someone wrapped ours meanwhile (those pass through). */
function restore(res: ServerResponse, hold: Hold): void {
  hold.released = true;
  const own = hold.own;
  if (own === undefined) return;
  if (res.writeHead === own.wrappers.writeHead)
    res.writeHead = own.before.writeHead as ServerResponse['writeHead'];
  if (res.write === own.wrappers.write) res.write = own.before.write as ServerResponse['write'];
  if (res.end === own.wrappers.end) res.end = own.before.end as ServerResponse['end'];
}
