import { randomBytes } from 'node:crypto';
import { DAY_MS, expressSessionObject, type Payload, sessionData } from '../payload.js';
import { type ClientName, missing, type StoreSubject } from './subject.js';

/** The few commands the raw floor needs, whichever client sends them. */
export interface RawCommands {
  get(key: string): Promise<string | null>;
  /** GETEX key PX ms: read and slide the expiry in one command. */
  getex(key: string, ttlMs: number): Promise<string | null>;
  /** SET key value PX ms. */
  set(key: string, value: string, ttlMs: number): Promise<unknown>;
}

/**
 * The floor: the same JSON as connect-redis stores, moved with the fewest
 * commands a hand-written store could use (GET + SET to change a field,
 * GETEX to read and slide the expiry) and no library in between.
 * `payload` is the data of each stored session.
 */
export function rawSubject(
  client: ClientName,
  redis: RawCommands,
  payload: Payload = sessionData,
): StoreSubject {
  const name = `raw ${client} (floor)`;
  let keys: string[] = [];
  const add = async (seed: number) => {
    const key = `raw:${client}:${randomBytes(16).toString('base64url')}`;
    await redis.set(key, JSON.stringify(expressSessionObject(seed, payload)), DAY_MS);
    return key;
  };
  return {
    name,
    kind: 'raw',
    client,
    async seed(count) {
      keys = [];
      for (let i = 0; i < count; i++) keys.push(await add(i));
    },
    async write(i) {
      const key = keys[i % keys.length] as string;
      const text = await redis.get(key);
      if (text === null) throw missing(name, i);
      const session = JSON.parse(text) as Record<string, unknown>;
      session.visits = i;
      await redis.set(key, JSON.stringify(session), DAY_MS);
    },
    async read(i) {
      const text = await redis.getex(keys[i % keys.length] as string, DAY_MS);
      if (text === null) throw missing(name, i);
      JSON.parse(text);
    },
    async create(i) {
      await add(i);
    },
  };
}
