import { randomBytes } from 'node:crypto';
import type { SessionData, Store } from 'express-session';
import { expressSessionObject, type Payload, sessionData } from '../payload.js';
import { type ClientName, missing, type StoreSubject } from './subject.js';

/** An express-session store's `get` and `set` as promises. */
export function promisedStore(store: Store) {
  return {
    get: (sid: string) =>
      new Promise<SessionData | null | undefined>((resolve, reject) =>
        store.get(sid, (error, session) => (error ? reject(error) : resolve(session))),
      ),
    set: (sid: string, session: SessionData) =>
      new Promise<void>((resolve, reject) =>
        store.set(sid, session, (error) => (error ? reject(error) : resolve())),
      ),
  };
}

/**
 * connect-redis used the way express-session uses it: `get`, then `set` of
 * the whole session when it changed, or `touch` (EXPIRE) when it did not.
 * `payload` is the data of each stored session.
 */
export function connectRedisSubject(
  name: string,
  client: ClientName,
  store: Store,
  payload: Payload = sessionData,
): StoreSubject {
  let sids: string[] = [];
  const { get, set } = promisedStore(store);
  const touch = (sid: string, session: SessionData) =>
    new Promise<void>((resolve, reject) =>
      // express-session types this callback without the error connect-redis passes.
      store.touch?.(sid, session, ((error?: unknown) =>
        error ? reject(error) : resolve()) as () => void),
    );
  // express-session's default sid: uid-safe(24), 32 base64url characters.
  const newSid = () => randomBytes(24).toString('base64url');
  const add = async (seed: number) => {
    const sid = newSid();
    await set(sid, expressSessionObject(seed, payload) as unknown as SessionData);
    return sid;
  };

  return {
    name,
    kind: 'connect-redis',
    client,
    async seed(count) {
      sids = [];
      for (let i = 0; i < count; i++) sids.push(await add(i));
    },
    async write(i) {
      const sid = sids[i % sids.length] as string;
      const session = await get(sid);
      if (!session) throw missing(name, i);
      (session as unknown as Record<string, unknown>).visits = i;
      await set(sid, session);
    },
    async read(i) {
      const sid = sids[i % sids.length] as string;
      const session = await get(sid);
      if (!session) throw missing(name, i);
      await touch(sid, session);
    },
    async create(i) {
      await add(i);
    },
  };
}
