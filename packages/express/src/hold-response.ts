import type { ServerResponse } from 'node:http';

type Writer = 'writeHead' | 'write' | 'end';
const WRITERS: readonly Writer[] = ['writeHead', 'write', 'end'];

/**
 * Makes the response wait for `beforeHeaders` (an async step, such as a
 * session save that decides the Set-Cookie header) before anything is sent.
 *
 * The first call of `writeHead`, `write` or `end` starts the step; it and
 * every later call are queued and replayed in order once the step resolves.
 * If it rejects, the queued calls are dropped and `onError` gets the error
 * while the headers are still unsent, so the framework's error handler can
 * answer with a 5xx (through the restored, unwrapped methods).
 */
export function holdResponse(
  res: ServerResponse,
  beforeHeaders: () => Promise<void>,
  onError: (error: unknown) => void,
): void {
  const original = {
    writeHead: res.writeHead,
    write: res.write,
    end: res.end,
  } as Record<Writer, (...args: unknown[]) => unknown>;
  let state: 'open' | 'holding' | 'released' = 'open';
  const queue: Array<[Writer, unknown[]]> = [];

  const restore = () => {
    state = 'released';
    for (const name of WRITERS) (res as unknown as Record<Writer, unknown>)[name] = original[name];
  };
  const start = () => {
    beforeHeaders().then(
      () => {
        restore();
        for (const [name, args] of queue.splice(0)) original[name].apply(res, args);
      },
      (error: unknown) => {
        restore();
        queue.length = 0;
        onError(error);
      },
    );
  };

  for (const name of WRITERS) {
    (res as unknown as Record<Writer, unknown>)[name] = function held(...args: unknown[]) {
      if (state === 'released') return original[name].apply(res, args);
      queue.push([name, args]);
      if (state === 'open') {
        state = 'holding';
        start();
      }
      // write() answers "keep writing": the few chunks held during one save stay in memory.
      return name === 'write' ? true : res;
    };
  }
}
