import { performance } from 'node:perf_hooks';

/**
 * Runs `op` from `concurrency` workers at once for `durationMs`, each worker
 * starting its next operation as soon as its last one settles (a closed loop,
 * so exactly `concurrency` operations are in flight), and returns completed
 * operations per second.
 *
 * Why not tinybench or mitata: they time one operation after another (or a
 * batch in parallel with its tail drained), which measures latency, not what
 * a server sees when 64 requests share one Redis connection. This loop is the
 * whole harness: no allocation per operation beyond the operation's own.
 */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  op: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  let done = 0;
  const start = performance.now();
  const end = start + durationMs;
  async function worker(): Promise<void> {
    while (performance.now() < end) {
      await op(next++);
      done++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - start) / 1000);
}

/**
 * Runs `op` on each of `items` in order, `concurrency` at a time (a worker
 * takes the next item as soon as its last one settles), and resolves when
 * all have settled.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  op: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) await op(items[next++] as T);
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
}
