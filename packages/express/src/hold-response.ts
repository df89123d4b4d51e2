import type { ServerResponse } from 'node:http';

/** What a held response waits for, and who hears about its failure. */
export interface ResponseHolder {
  /** The async step that must end before anything is sent (a save that decides Set-Cookie). */
  beforeHeaders(): Promise<void>;
  /** Gets the step's error while the headers are still unsent; the held writes are dropped. */
  onError(error: unknown): void;
}

type Writer = (this: ServerResponse, ...args: unknown[]) => unknown;
type WriterName = 'writeHead' | 'write' | 'end';

/** The hold of one response. */
interface Hold {
  readonly holder: ResponseHolder;
  /** The response's own methods before the hold. */
  readonly writeHead: Writer;
  readonly write: Writer;
  readonly end: Writer;
  /** `true` once the first writer started the step; `released` once it ended. */
  started: boolean;
  released: boolean;
  /** The calls made while holding, as `[writer, args]`. */
  queue: Array<[Writer, unknown[]]> | undefined;
}

const HOLDS = new WeakMap<ServerResponse, Hold>();

/**
 * Makes the response wait for `holder.beforeHeaders()` before anything is
 * sent, by wrapping this response's `writeHead`, `write` and `end` (as
 * express-session does; no prototype is changed).
 *
 * The first call of one of them starts the step; it and every later call are
 * queued and replayed in order once the step resolves. If it rejects, the
 * queued calls are dropped and `holder.onError` gets the error while the
 * headers are still unsent, so the framework's error handler can answer with
 * a 5xx (through the original methods).
 */
export function holdResponse(res: ServerResponse, holder: ResponseHolder): void {
  HOLDS.set(res, {
    holder,
    writeHead: res.writeHead as Writer,
    write: res.write as Writer,
    end: res.end as Writer,
    started: false,
    released: false,
    queue: undefined,
  });
  res.writeHead = heldWriteHead as ServerResponse['writeHead'];
  res.write = heldWrite as ServerResponse['write'];
  res.end = heldEnd as ServerResponse['end'];
}

function heldWriteHead(this: ServerResponse, ...args: unknown[]): unknown {
  return call(this, 'writeHead', args);
}

function heldWrite(this: ServerResponse, ...args: unknown[]): unknown {
  return call(this, 'write', args);
}

function heldEnd(this: ServerResponse, ...args: unknown[]): unknown {
  return call(this, 'end', args);
}

function call(res: ServerResponse, name: WriterName, args: unknown[]): unknown {
  const hold = HOLDS.get(res) as Hold;
  const original = hold[name];
  // A wrapper still reachable after the release: a method someone wrapped after us.
  if (hold.released) return original.apply(res, args);
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

/** Ends the hold; puts the methods back, except where someone wrapped ours meanwhile (those pass through). */
function restore(res: ServerResponse, hold: Hold): void {
  hold.released = true;
  if (res.writeHead === heldWriteHead)
    res.writeHead = hold.writeHead as ServerResponse['writeHead'];
  if (res.write === heldWrite) res.write = hold.write as ServerResponse['write'];
  if (res.end === heldEnd) res.end = hold.end as ServerResponse['end'];
}
