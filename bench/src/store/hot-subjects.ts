import { randomBytes } from 'node:crypto';
import { type Driver, Vial } from '@vial/core';
import { ioredisDriver } from '@vial/driver-ioredis';
import { nodeRedisDriver } from '@vial/driver-node-redis';
import { RedisStore } from 'connect-redis';
import { RedisStore as RedisStore9 } from 'connect-redis9';
import type { SessionData, Store } from 'express-session';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { expressSessionObject, sessionData } from '../payload.js';
import { promisedStore } from './connect-redis-subject.js';
import type { ClientName } from './subject.js';

/** What one session takes in Redis, read there directly. */
export interface StoredSize {
  /** vial: the UTF-8 bytes of every list element; connect-redis: STRLEN of its JSON. */
  readonly bytes: number;
  /** vial: LLEN; connect-redis (a string): `null`. */
  readonly length: number | null;
}

/** One session of a hot subject, stored with the realistic payload. */
export interface HotSession {
  /**
   * One cycle as a request makes it: load the session, set `key` to `value`,
   * save. Resolves the time the save took, ms.
   */
  cycle(key: string, value: number): Promise<number>;
  /** The session's data as a new load sees it. */
  data(): Promise<Record<string, unknown>>;
  /** What the session takes in Redis now. */
  stored(): Promise<StoredSize>;
}

/** A vial session also offers what only vial is measured on. */
export interface VialHotSession extends HotSession {
  /**
   * Loads the session once and answers a function that sets `key` to `value`
   * and saves, on that one Session object each time (a long-lived object).
   */
  hold(): Promise<(key: string, value: number) => Promise<void>>;
}

/** One store on the hot session. */
export type HotSubject =
  | {
      readonly name: string;
      readonly kind: 'vial';
      readonly client: ClientName;
      /** Stores a new session; `conflict` as `new Vial()` takes it (default `'merge'`). */
      open(conflict?: 'merge' | 'reject'): Promise<VialHotSession>;
      /** Bytes `data` takes as a new session, stored through vial and read back as above. */
      fresh(data: Record<string, unknown>): Promise<number>;
    }
  | {
      readonly name: string;
      readonly kind: 'connect-redis';
      readonly client: ClientName;
      open(): Promise<HotSession>;
    };

/** Reads the sizes of the bench's keys, on a connection of its own. */
export interface SizeReader {
  list(key: string): Promise<StoredSize>;
  string(key: string): Promise<StoredSize>;
  type(key: string): Promise<string>;
}

/** A {@link SizeReader} on `admin`, a client the subjects do not use. */
export function sizeReader(admin: Redis): SizeReader {
  return {
    async list(key) {
      const replies = await admin.pipeline().llen(key).lrangeBuffer(key, 0, -1).exec();
      const [lenReply, rangeReply] = replies ?? [];
      if (lenReply?.[0] || rangeReply?.[0]) throw lenReply?.[0] ?? rangeReply?.[0];
      const elements = rangeReply?.[1] as Buffer[];
      let bytes = 0;
      for (const element of elements) bytes += element.length;
      return { bytes, length: Number(lenReply?.[1]) };
    },
    async string(key) {
      return { bytes: Number(await admin.strlen(key)), length: null };
    },
    type: (key) => admin.type(key),
  };
}

function vialHotSubject(
  client: ClientName,
  driver: Driver,
  prefix: string,
  sizes: SizeReader,
): HotSubject {
  const name = `vial + ${client}`;
  const vials = {
    merge: new Vial({ driver, ttl: '1d' }),
    reject: new Vial({ driver, ttl: '1d', conflict: 'reject' }),
  };
  // vial keeps a session as a Redis list under `<prefix>s:<sid>` (packages/redis/README.md).
  const key = (sid: string | null) => `${prefix}s:${sid}`;

  async function create(vial: Vial, data: Record<string, unknown>) {
    const session = vial.session();
    for (const [k, value] of Object.entries(data)) session.set(k, value);
    await session.save();
    const type = await sizes.type(key(session.sid));
    if (type !== 'list') {
      throw new Error(
        `${name}: expected a Redis list at ${key(session.sid)}, found ${type}; vial's record layout changed and bench/src/store/hot-subjects.ts must follow`,
      );
    }
    return session;
  }

  return {
    name,
    kind: 'vial',
    client,
    async open(conflict = 'merge') {
      const vial = vials[conflict];
      const created = await create(vial, sessionData(0));
      const token = created.id as string;
      const stored = key(created.sid);
      const load = async () => {
        const session = await vial.load(token);
        if (session.isNew) throw new Error(`${name}: the hot session is gone`);
        return session;
      };
      return {
        async cycle(k, value) {
          const session = await load();
          session.set(k, value);
          const started = performance.now();
          await session.save();
          return performance.now() - started;
        },
        async data() {
          return (await load()).toJSON();
        },
        stored: () => sizes.list(stored),
        async hold() {
          const session = await load();
          return async (k, value) => {
            session.set(k, value);
            await session.save();
          };
        },
      };
    },
    async fresh(data) {
      const session = await create(vials.merge, data);
      const { bytes } = await sizes.list(key(session.sid));
      await session.destroy();
      return bytes;
    },
  };
}

function connectRedisHotSubject(
  name: string,
  client: ClientName,
  store: Store,
  prefix: string,
  sizes: SizeReader,
): HotSubject {
  const { get, set } = promisedStore(store);
  return {
    name,
    kind: 'connect-redis',
    client,
    async open() {
      // express-session's default sid: uid-safe(24), 32 base64url characters.
      const sid = randomBytes(24).toString('base64url');
      await set(sid, expressSessionObject(0) as unknown as SessionData);
      const load = async () => {
        const session = await get(sid);
        if (!session) throw new Error(`${name}: the hot session is gone`);
        return session as unknown as Record<string, unknown>;
      };
      return {
        async cycle(k, value) {
          const session = await load();
          session[k] = value;
          const started = performance.now();
          await set(sid, session as unknown as SessionData);
          return performance.now() - started;
        },
        data: load,
        stored: () => sizes.string(prefix + sid),
      };
    },
  };
}

/** The hot subjects and their clients; `close()` disconnects every client. */
export interface HotSubjects {
  /** vial and connect-redis on each client, in the store section's order. */
  readonly subjects: readonly HotSubject[];
  close(): Promise<void>;
}

/**
 * vial on the ioredis and node-redis drivers, connect-redis 8.1 on ioredis
 * and connect-redis 9 on node-redis, as the store section builds them, each
 * with its own connection to `url`; `admin` reads the stored sizes.
 */
export async function hotSubjects(url: string, admin: Redis): Promise<HotSubjects> {
  const sizes = sizeReader(admin);
  const io = [new Redis(url), new Redis(url)] as const;
  await Promise.all(io.map((client) => client.ping()));
  const nodeRedis = async () => {
    const client = createClient({ url });
    client.on('error', (error) => console.error('node-redis:', error));
    await client.connect();
    return client;
  };
  const nr = [await nodeRedis(), await nodeRedis()] as const;
  const subjects: HotSubject[] = [
    connectRedisHotSubject(
      'connect-redis 8.1 + ioredis',
      'ioredis',
      new RedisStore({ client: io[0], prefix: 'hot:sess:io:' }),
      'hot:sess:io:',
      sizes,
    ),
    vialHotSubject(
      'ioredis',
      ioredisDriver(io[1], { prefix: 'hot:vial:io:' }),
      'hot:vial:io:',
      sizes,
    ),
    connectRedisHotSubject(
      'connect-redis 9 + node-redis',
      'node-redis',
      new RedisStore9({ client: nr[0], prefix: 'hot:sess:nr:' }),
      'hot:sess:nr:',
      sizes,
    ),
    vialHotSubject(
      'node-redis',
      nodeRedisDriver(nr[1], { prefix: 'hot:vial:nr:' }),
      'hot:vial:nr:',
      sizes,
    ),
  ];
  return {
    subjects,
    async close() {
      for (const client of io) client.disconnect();
      await Promise.all(nr.map((client) => client.close()));
    },
  };
}
