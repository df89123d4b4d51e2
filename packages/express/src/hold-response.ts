import type { ServerResponse } from 'node:http';
import { appPrototypeOf } from './express-prototype.js';

/** What a held response waits for, and who hears about its failure. */
export interface ResponseHolder {
  /** The async step that must end before anything is sent (a save that decides Set-Cookie). */
  beforeHeaders(): Promise<void>;
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
  /** The response's own methods before the hold, when it wraps them on the response itself. */
  readonly own: Writers | undefined;
  /** `true` once the first writer started the step; `released` once it ended. */
  started: boolean;
  released: boolean;
  /** The calls made while holding, as `[writer, args]`. */
  queue: Array<[Writer, unknown[]]> | undefined;
}

/** Each held response's hold, under a symbol on the response (why not a `WeakMap`: see `request-state.ts`). */
const HOLD = Symbol('vial.hold');

interface HoldCarrier {
  [HOLD]?: Hold;
}

/** The wrappers installed on each Express `app.response`. */
const APP_WRAPPERS = new WeakMap<object, Writers>();

/**
 * Makes the response wait for `holder.beforeHeaders()` before anything is
 * sent.
 *
 * The first call of `writeHead`, `write` or `end` starts the step; it and
 * every later call are queued and replayed in order once the step resolves.
 * If it rejects, the queued calls are dropped and `holder.onError` gets the
 * error while the headers are still unsent, so the framework's error handler
 * can answer with a 5xx (through the original methods).
 *
 * Under a top-level Express app the three methods are wrapped once on its
 * `app.response` (see `express-prototype.ts`), and a response that is not
 * held passes straight through. Elsewhere, or when an earlier middleware put
 * methods of its own on the response, they are wrapped on the response.
 */
export function holdResponse(res: ServerResponse, holder: ResponseHolder): void {
  const wrappers = appWrappers(res);
  if (
    wrappers !== undefined &&
    res.writeHead === wrappers.writeHead &&
    res.write === wrappers.write &&
    res.end === wrappers.end
  ) {
    (res as HoldCarrier)[HOLD] = {
      holder,
      own: undefined,
      started: false,
      released: false,
      queue: undefined,
    };
    return;
  }
  const own: Writers = {
    writeHead: res.writeHead as Writer,
    write: res.write as Writer,
    end: res.end as Writer,
  };
  (res as HoldCarrier)[HOLD] = { holder, own, started: false, released: false, queue: undefined };
  res.writeHead = ownWriteHead as ServerResponse['writeHead'];
  res.write = ownWrite as ServerResponse['write'];
  res.end = ownEnd as ServerResponse['end'];
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
    const hold = (this as HoldCarrier)[HOLD];
    if (hold === undefined || hold.released) return original.apply(this, args);
    return queue(this, hold, name, original, args);
  };
  Object.defineProperty(proto, name, { configurable: true, writable: true, value: wrapper });
  return wrapper;
}

function ownWriteHead(this: ServerResponse, ...args: unknown[]): unknown {
  return ownCall(this, 'writeHead', args);
}

function ownWrite(this: ServerResponse, ...args: unknown[]): unknown {
  return ownCall(this, 'write', args);
}

function ownEnd(this: ServerResponse, ...args: unknown[]): unknown {
  return ownCall(this, 'end', args);
}

function ownCall(res: ServerResponse, name: WriterName, args: unknown[]): unknown {
  const hold = (res as HoldCarrier)[HOLD] as Hold;
  const original = (hold.own as Writers)[name];
  // A wrapper still reachable after the release: a method someone wrapped after us.
  if (hold.released) return original.apply(res, args);
  return queue(res, hold, name, original, args);
}

function queue(
  res: ServerResponse,
  hold: Hold,
  name: WriterName,
  original: Writer,
  args: unknown[],
): unknown {
  if (hold.queue === undefined) hold.queue = [[original, args]];
  else hold.queue.push([original, args]);
  if (!hold.started) {
    hold.started = true;
    hold.holder.beforeHeaders().then(
      () => release(res, hold),
      (error: unknown) => {
        restore(res, hold);
        hold.queue = undefined;
        hold.holder.onError(error);
      },
    );
  }
  // write() answers "keep writing": the few chunks held during one save stay in memory.
  return name === 'write' ? true : res;
}

function release(res: ServerResponse, hold: Hold): void {
  restore(res, hold);
  const calls = hold.queue ?? [];
  hold.queue = undefined;
  for (const [writer, args] of calls) writer.apply(res, args);
}

/** Ends the hold; puts own methods back, except where someone wrapped ours meanwhile (those pass through). */
function restore(res: ServerResponse, hold: Hold): void {
  hold.released = true;
  const own = hold.own;
  if (own === undefined) return;
  if (res.writeHead === ownWriteHead) res.writeHead = own.writeHead as ServerResponse['writeHead'];
  if (res.write === ownWrite) res.write = own.write as ServerResponse['write'];
  if (res.end === ownEnd) res.end = own.end as ServerResponse['end'];
}
