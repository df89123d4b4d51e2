import { type Driver, StorageUnavailableError } from '@vial/core';
import { eventually, type RedisServer, redisCli, startRedisServer } from '@vial/test-redis';
import { ClientOfflineError, SocketTimeoutError, TimeoutError } from 'redis';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { nodeRedisDriver } from '../src/index.js';
import { connectClient, TEST_CLIENT_OPTIONS, type TestClient } from './support/clients.js';
import { type FaultProxy, startFaultProxy } from './support/proxy.js';
import { delta, newRecord, newSid, now } from './support/records.js';
import { timed } from './support/timed.js';

// Each test runs against a server of its own, which it kills, restarts or
// cuts off. The test client waits at most `commandOptions.timeout` (1 s) for
// a command it cannot send; a margin covers a machine under load.
const COMMAND_TIMEOUT_MS = TEST_CLIENT_OPTIONS.commandOptions.timeout;
const MARGIN_MS = 1_000;

/** Asserts `error` is core's StorageUnavailableError wrapping an error of class `cause`. */
function expectUnavailable(error: unknown, cause: abstract new (...args: never[]) => Error): void {
  expect(error).toBeInstanceOf(StorageUnavailableError);
  expect((error as StorageUnavailableError).cause).toBeInstanceOf(cause);
  expect((error as Error).message).toMatch(/^The node-redis storage failed during [\w.]+: \S/);
}

let server: RedisServer;
let client: TestClient | undefined;
beforeEach(async () => {
  server = await startRedisServer();
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  await server.stop();
});

describe('when Redis is down at start', () => {
  test('operations reject with StorageUnavailableError after the client’s command timeout', async () => {
    await server.kill();
    client = await connectClient(server.url, { connect: false });
    const driver = nodeRedisDriver(client.connection);
    const listSids = async () => {
      for await (const _ of driver.sids?.() ?? []);
    };
    const results = await Promise.all([
      timed(driver.read(newSid(), now(true))),
      timed(driver.create(newSid(), newRecord({ a: '1' }))),
      timed(driver.update(newSid(), delta({ a: '1' }))),
      timed(driver.destroy([newSid()])),
      timed(driver.userIndex?.list('ann', Date.now()) ?? Promise.resolve()),
      timed(listSids()),
    ]);
    for (const { ms, error } of results) {
      expectUnavailable(error, TimeoutError);
      expect(ms).toBeGreaterThanOrEqual(COMMAND_TIMEOUT_MS - 50);
      expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS + MARGIN_MS);
    }
    // node-redis's TimeoutError has no message: the wrapped one still says why.
    expect(String(results[0]?.error)).toMatch(
      /during read: TimeoutError \(the client gave no message\)/,
    );
  });

  test('with disableOfflineQueue, operations reject at once', async () => {
    await server.kill();
    client = await connectClient(server.url, { connect: false, disableOfflineQueue: true });
    const { ms, error } = await timed(nodeRedisDriver(client.connection).read(newSid(), now()));
    expectUnavailable(error, ClientOfflineError);
    expect(ms).toBeLessThan(100);
  });

  test('operations work once Redis comes up', async () => {
    await server.kill();
    client = await connectClient(server.url, { connect: false });
    const driver = nodeRedisDriver(client.connection);
    await expect(driver.read(newSid(), now())).rejects.toThrow(StorageUnavailableError);
    await server.restart();
    const sid = newSid();
    expect(await eventually(() => driver.create(sid, newRecord({ a: '1' })))).toBe(true);
    expect((await driver.read(sid, now()))?.fields.get('a')).toBe('1');
  });
});

describe('when the connection drops during a save', () => {
  let proxy: FaultProxy;
  let driver: Driver;
  const sid = newSid();
  // 20 fields of 1 KiB: a command of about 21 KiB, sent in several segments.
  const fields = Object.fromEntries(
    Array.from({ length: 20 }, (_, i) => [`f${i}`, 'x'.repeat(1024)]),
  );

  beforeEach(async () => {
    proxy = await startFaultProxy(server.port);
    client = await connectClient(`redis://127.0.0.1:${proxy.port}`, { pingInterval: 0 });
    driver = nodeRedisDriver(client.connection);
    await driver.create(sid, newRecord({ f0: 'before' }));
    // The server caches the update script now, so the save below is one EVALSHA.
    await driver.update(sid, delta({}));
  });
  afterEach(() => proxy.close());

  test('a save cut off mid-command rejects and writes nothing', async () => {
    proxy.cutRequestsAfter(4096);
    const { error } = await timed(driver.update(sid, delta(fields)));
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as Error).cause).toBeInstanceOf(Error);
    // The client reconnects through the proxy by itself.
    const read = await eventually(() => driver.read(sid, now()));
    expect([...(read?.fields.keys() ?? [])]).toEqual(['f0']);
    expect(read?.fields.get('f0')).toBe('before');
  });

  test('a save whose reply is lost rejects, and was applied whole', async () => {
    proxy.cutBeforeReply();
    const { error } = await timed(driver.update(sid, delta(fields)));
    expect(error).toBeInstanceOf(StorageUnavailableError);
    const read = await eventually(() => driver.read(sid, now()));
    expect([...(read?.fields.keys() ?? [])].sort()).toEqual(Object.keys(fields).sort());
    expect([...(read?.fields.values() ?? [])].every((value) => value.length === 1024)).toBe(true);
  });
});

describe('when Redis restarts', () => {
  test('operations reject while it is down and work again once it is back, scripts reloaded', async () => {
    client = await connectClient(server.url);
    const driver = nodeRedisDriver(client.connection);
    const before = newSid();
    await driver.create(before, newRecord({ a: '1' }));
    await server.kill();
    const { ms, error } = await timed(driver.read(before, now()));
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS + MARGIN_MS);
    await server.restart();
    // The new server knows no script (NOSCRIPT, then EVAL) and, with no
    // persistence here, no record: the old one is gone and is not recreated.
    const after = newSid();
    expect(await eventually(() => driver.create(after, newRecord({ b: '2' })))).toBe(true);
    expect((await driver.read(after, now(true)))?.fields.get('b')).toBe('2');
    expect(await driver.update(before, delta({ a: '2' }))).toBe('gone');
    expect(await driver.read(before, now())).toBeNull();
  });
});

describe('when Redis hangs', () => {
  test('an operation rejects after the client’s socketTimeout', async () => {
    client = await connectClient(server.url, { pingInterval: 100, socketTimeout: 500 });
    const driver = nodeRedisDriver(client.connection);
    const sleeping = redisCli(server.port, ['debug', 'sleep', '1.5']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { ms, error } = await timed(driver.read(newSid(), now()));
    expectUnavailable(error, SocketTimeoutError);
    expect(ms).toBeLessThan(500 + MARGIN_MS);
    await sleeping;
    expect(await eventually(() => driver.read(newSid(), now()))).toBeNull();
  });
});
