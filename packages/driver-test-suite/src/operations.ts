import type { Harness } from './harness.js';

/** How a call ended: what it resolved, or its error's name and code. */
export type Outcome = { resolved: unknown } | { name: unknown; code: unknown };

/** Every operation the driver has (iteration too, unless `iterate` is false), once each, writing to the record `sid` holds. */
export function everyOperation(
  h: Harness,
  sid: string,
  iterate = true,
): Record<string, () => Promise<unknown>> {
  const { driver } = h;
  const now = h.now();
  const index = driver.userIndex;
  const ops: Record<string, () => Promise<unknown>> = {
    read: () => driver.read(sid, { now }),
    create: () => driver.create(h.sid(), { fields: new Map([['a', '1']]), expiresAt: null, now }),
    update: () => driver.update(sid, { set: new Map([['b', '2']]), del: [], now }),
    touch: () => driver.touch(sid, { expiresAt: h.long(), now }),
    destroy: () => driver.destroy([h.sid()]),
  };
  if (index) {
    ops['userIndex.add'] = () => index.add('user-1', sid, null, now);
    ops['userIndex.list'] = () => index.list('user-1', now);
    ops['userIndex.remove'] = () => index.remove('user-1', [h.sid()]);
  }
  const sids = driver.sids?.bind(driver);
  if (sids && iterate) {
    ops.sids = async () => {
      let count = 0;
      for await (const _ of sids()) count += 1;
      return count;
    };
  }
  return ops;
}

/** Calls each operation (all at once) and tells how each ended. */
export async function settle(
  ops: Record<string, () => Promise<unknown>>,
): Promise<Record<string, Outcome>> {
  const ended = Object.entries(ops).map(async ([name, op]): Promise<[string, Outcome]> => {
    try {
      return [name, { resolved: await op() }];
    } catch (error) {
      const { name: errorName, code } = (error ?? {}) as { name?: unknown; code?: unknown };
      return [name, { name: errorName, code }];
    }
  });
  return Object.fromEntries(await Promise.all(ended));
}

/** How a promise ended: `'resolved'`, or the name of the error it rejected with. */
export const ended = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof Error ? error.name : String(error)),
  );
