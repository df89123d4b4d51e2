import { ClientNotConnectedError, StorageUnavailableError, Vial } from '@vial/core';
import { type RedisServer, startRedisServer } from '@vial/test-redis';
import { describeRedisFaults } from '@vial/test-redis/suites';
import { ClientOfflineError, createClient, TimeoutError } from 'redis';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { nodeRedisDriver } from '../src/index.js';
import { connectClient, TEST_CLIENT_OPTIONS, type TestClient } from './support/clients.js';
import { newSid } from './support/records.js';
import { timed } from './support/timed.js';

describeRedisFaults({
  name: 'node-redis',
  // commandOptions.timeout for a command it cannot send; socketTimeout for one that gets no answer.
  giveUpMs: Math.max(
    TEST_CLIENT_OPTIONS.commandOptions.timeout,
    TEST_CLIENT_OPTIONS.socket.socketTimeout,
  ),
  async connect(port, { connect }) {
    const client = await connectClient(`redis://127.0.0.1:${port}`, { connect });
    return { driver: nodeRedisDriver(client.connection), close: () => client.close() };
  },
});

describe('node-redis’s own ways of failing, as vial passes them on', () => {
  let server: RedisServer;
  let client: TestClient | undefined;
  beforeEach(async () => {
    server = await startRedisServer();
    await server.kill();
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await server.stop();
  });

  const token = () => `${newSid()}.${newSid()}`;

  test('a command it cannot send fails after commandOptions.timeout, saying what failed', async () => {
    client = await connectClient(server.url, { connect: false });
    const vial = new Vial({ driver: nodeRedisDriver(client.connection) });
    const { ms, error } = await timed(vial.load(token()));
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as Error).cause).toBeInstanceOf(TimeoutError);
    expect(ms).toBeGreaterThanOrEqual(TEST_CLIENT_OPTIONS.commandOptions.timeout - 50);
    // node-redis's TimeoutError has no message: the wrapped one still says why.
    expect((error as Error).message).toMatch(
      /^The node-redis storage failed during load: TimeoutError \(the client gave no message\)/,
    );
  });

  test('with disableOfflineQueue, a load rejects at once', async () => {
    client = await connectClient(server.url, { connect: false, disableOfflineQueue: true });
    const vial = new Vial({ driver: nodeRedisDriver(client.connection) });
    const { ms, error } = await timed(vial.load(token()));
    expect((error as Error).cause).toBeInstanceOf(ClientOfflineError);
    expect(ms).toBeLessThan(1_000);
  });
});

describe('a node-redis client that was never connected', () => {
  test('fails with the advice to call connect(), not to check the network; one that was closed after use says it is closed', async () => {
    const server = await startRedisServer();
    try {
      const client = createClient({ url: server.url });
      const vial = new Vial({ driver: nodeRedisDriver(client) });
      const { error } = await timed(vial.load(`${newSid()}.${newSid()}`));
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect((error as Error).cause).toBeInstanceOf(ClientNotConnectedError);
      expect((error as Error).message).toBe(
        'The node-redis storage failed during load: the node-redis client was never connected. Call `await client.connect()` before the first request: createClient() does not connect (nor do createCluster() and createSentinel()).',
      );
      const session = vial.session();
      session.set('n', 1);
      await expect(session.save()).rejects.toThrow(/await client\.connect\(\)/);

      await client.connect();
      await session.save();
      expect((await vial.load(session.id as string)).get('n')).toBe(1);
      client.destroy();
      const closed = await timed(vial.load(session.id as string));
      expect((closed.error as Error).message).toMatch(
        /The client is closed\. Check that the server is reachable/,
      );
    } finally {
      await server.stop();
    }
  });
});
