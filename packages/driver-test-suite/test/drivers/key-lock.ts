/**
 * One task at a time per key: `lock(key, task)` starts `task` once every
 * earlier task of that key has settled. A driver that owns its storage from
 * one process may use it to make a read-modify-write with awaits atomic.
 */
export function keyLock(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return (key, task) => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => tails.get(key) === tail && tails.delete(key));
    return run;
  };
}
