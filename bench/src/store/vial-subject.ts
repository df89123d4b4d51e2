import { type Driver, Vial } from '@vial/core';
import { type Payload, sessionData } from '../payload.js';
import { type ClientName, missing, type StoreSubject } from './subject.js';

/**
 * vial over `driver`: `vial.load()`, `set`, `save()`, as `@vial/express` does
 * per request. `payload` is the data of each stored session.
 */
export function vialSubject(
  client: ClientName,
  driver: Driver,
  payload: Payload = sessionData,
  name = `vial + ${client}`,
): StoreSubject {
  const vial = new Vial({ driver, ttl: '1d' });
  let tokens: string[] = [];
  // Each write stores a value no earlier write stored: `i` comes round again on the
  // same session in a later run, and a session set to the value it holds saves nothing.
  let writes = 0;

  async function add(seed: number): Promise<string> {
    const session = vial.session();
    for (const [key, value] of Object.entries(payload(seed))) session.set(key, value);
    await session.save();
    return session.id as string;
  }

  return {
    name,
    kind: 'vial',
    client,
    async seed(count) {
      tokens = [];
      for (let i = 0; i < count; i++) tokens.push(await add(i));
    },
    async write(i) {
      const session = await vial.load(tokens[i % tokens.length]);
      if (session.isNew) throw missing(name, i);
      session.set('visits', ++writes);
      await session.save();
    },
    async read(i) {
      const session = await vial.load(tokens[i % tokens.length]);
      if (session.isNew) throw missing(name, i);
      // A request that reads the session: one value decoded, nothing written.
      session.get('userId');
      await session.save();
    },
    async create(i) {
      await add(i);
    },
  };
}
