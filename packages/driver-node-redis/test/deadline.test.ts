import { StorageUnavailableError, Vial } from '@vial/core';
import {
  type FaultProxy,
  type RedisServer,
  startFaultProxy,
  startRedisServer,
} from '@vial/test-redis';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { nodeRedisDriver } from '../src/index.js';
import { connectClient, TEST_CLIENT_OPTIONS, type TestClient } from './support/clients.js';
import { newSid } from './support/records.js';
import { timed } from './support/timed.js';

const TIMEOUT = TEST_CLIENT_OPTIONS.commandOptions.timeout;
/** The most a shared deadline adds to the client's timeout (a sixteenth, see deadline.ts). */
const SLOT = Math.ceil(TIMEOUT / 16);

describe('the commands of a ready client share one timeout', () => {
  let server: RedisServer;
  let proxy: FaultProxy;
  let client: TestClient;
  beforeEach(async () => {
    server = await startRedisServer();
    proxy = await startFaultProxy(server.port);
    // No pings and a long idle timeout: nothing but the test's commands on the wire.
    client = await connectClient(`redis://127.0.0.1:${proxy.port}`, {
      pingInterval: 0,
      socketTimeout: 60_000,
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await client.close();
    await proxy.close();
    await server.stop();
  });

  test('no per-command AbortSignal.timeout() while the client is ready', async () => {
    const vial = new Vial({ driver: nodeRedisDriver(client.connection) });
    const session = vial.session();
    session.set('n', 0);
    await session.save();
    const timers = vi.spyOn(AbortSignal, 'timeout');
    const loads = Array.from({ length: 100 }, () => vial.load(session.id as string));
    const loaded = await Promise.all(loads);
    expect(loaded.every((s) => s.get('n') === 0)).toBe(true);
    // node-redis alone arms one per command: 100 here.
    expect(timers).not.toHaveBeenCalled();
  });

  test('a command the client cannot write is dropped after commandOptions.timeout, never sent', async () => {
    const vial = new Vial({ driver: nodeRedisDriver(client.connection) });
    proxy.block();
    // Fill the socket: node-redis stops writing once it needs 'drain', so later commands wait in its queue.
    const big = 'x'.repeat(1 << 20);
    const fills = Array.from({ length: 32 }, (_, i) =>
      client.send(['SET', `fill:${i}`, big]).catch(() => undefined),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.isReady()).toBe(true);

    const { ms, error } = await timed(vial.load(`${newSid()}.${newSid()}`));
    expect(error).toBeInstanceOf(StorageUnavailableError);
    const cause = (error as Error).cause as Error;
    expect(cause.name).toBe('TimeoutError');
    expect(cause.message).toBe(
      `node-redis could not send the command within commandOptions.timeout (${TIMEOUT} ms)`,
    );
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT - 50);
    // At most one slot late, plus what a busy machine adds to any timer.
    expect(ms).toBeLessThan(TIMEOUT + SLOT + 3_000);

    proxy.unblock();
    await Promise.all(fills);
    // The dropped LRANGE never reached Redis: the client still works, and Redis ran none.
    await client.send(['PING']);
    const stats = (await client.send(['INFO', 'commandstats'])) as string;
    expect(stats).toContain('cmdstat_set:');
    expect(stats).not.toContain('cmdstat_lrange:');
  });
});
