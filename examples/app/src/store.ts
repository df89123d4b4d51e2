import { Vial } from '@vial/core';
import type { AppData } from './data.js';
import { MAX_RECORD_BYTES, MAX_VALUE_BYTES } from './limits.js';

/** The session store the app runs on, and how to let go of it. */
export interface Store {
  readonly vial: Vial<AppData>;
  /** `'memory'`, or `'redis'` when `REDIS_URL` is set. */
  readonly mode: 'memory' | 'redis';
  close(): Promise<void>;
}

/**
 * Idle timeout of a session: 30 minutes; a signed-in one lasts 7 days of
 * inactivity, and none more than 30 days. Values over 4 KiB are refused.
 */
export const SESSION_OPTIONS = {
  ttl: '30m',
  userTtl: '7d',
  maxAge: '30d',
  maxValueBytes: MAX_VALUE_BYTES,
  maxRecordBytes: MAX_RECORD_BYTES,
} as const;

/**
 * The memory driver by default; Redis (through ioredis) when `redisUrl` is
 * given. Drivers are imported on demand, so memory mode never loads ioredis.
 */
export async function createStore(redisUrl: string | undefined): Promise<Store> {
  if (redisUrl === undefined || redisUrl === '') {
    const { memoryDriver } = await import('@vial/driver-memory');
    const driver = memoryDriver();
    const vial = new Vial<AppData>({ driver, ...SESSION_OPTIONS });
    return { vial, mode: 'memory', close: () => vial.close() };
  }
  const [{ Redis }, { ioredisDriver }] = await Promise.all([
    import('ioredis'),
    import('@vial/driver-ioredis'),
  ]);
  // A request fails fast (503) while Redis is away instead of waiting on the reconnect queue.
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  let lastError = '';
  client.on('error', (error: Error) => {
    if (error.message !== lastError) console.error(`Redis: ${error.message}`);
    lastError = error.message;
  });
  client.on('ready', () => {
    lastError = '';
  });
  const vial = new Vial<AppData>({
    driver: ioredisDriver(client, { prefix: 'vial-example:' }),
    ...SESSION_OPTIONS,
  });
  return {
    vial,
    mode: 'redis',
    close: async () => {
      await vial.close();
      // The app opened this client, so the app closes it; the driver never does.
      await client.quit();
    },
  };
}
