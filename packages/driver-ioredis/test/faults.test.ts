import { StorageUnavailableError } from '@vial/core';
import { eventually, type RedisServer, startRedisServer } from '@vial/test-redis';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { ioredisDriver } from '../src/index.js';
import { fastFailure, inADay, newSid } from './helpers.js';

// Each test starts, kills and restarts its own server; nothing here touches
// the shared ones.
let server: RedisServer | undefined;
let clients: Redis[] = [];
afterEach(async () => {
  for (const client of clients) client.disconnect();
  clients = [];
  await server?.stop();
  server = undefined;
});

function client(port: number): Redis {
  const redis = new Redis(port, '127.0.0.1', fastFailure);
  // ioredis reports connection errors as events too; the driver sees them as rejections.
  redis.on('error', () => {});
  clients.push(redis);
  return redis;
}

/** Runs `work` and returns its rejection, failing if it resolves, with how long it took (ms). */
async function rejection(work: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  try {
    await work();
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
  throw new Error('expected the operation to reject');
}

const now = () => Date.now();

describe('ioredisDriver when Redis fails', () => {
  it('rejects with StorageUnavailableError carrying the client error when Redis is down at start, and works once it is up', async () => {
    server = await startRedisServer();
    await server.kill();
    const driver = ioredisDriver(client(server.port));
    for (const op of [
      () => driver.read(newSid(), { now: now() }),
      () => driver.create(newSid(), { fields: new Map([['a', '1']]), expiresAt: inADay(), now: now() }),
      () =>
        driver.update(newSid(), { set: new Map([['a', '1']]), del: [], expiresAt: inADay(), now: now() }),
      () => driver.destroy([newSid()]),
    ]) {
      const { error, ms } = await rejection(op);
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect((error as Error).cause).toBeInstanceOf(Error);
      expect(ms).toBeLessThan(3000);
    }
    await server.restart();
    const sid = newSid();
    expect(
      await eventually(() =>
        driver.create(sid, { fields: new Map([['a', '1']]), expiresAt: inADay(), now: now() }),
      ),
    ).toBe(true);
    expect((await driver.read(sid, { now: now() }))?.fields.get('a')).toBe('1');
  });

  it('rejects a save whose server dies mid-flight, never half-applies it, and recovers after a restart', async () => {
    server = await startRedisServer();
    const redis = client(server.port);
    const driver = ioredisDriver(redis);
    const sid = newSid();
    await driver.create(sid, { fields: new Map([['a', '1']]), expiresAt: inADay(), now: now() });
    // Stall the server so that the save is sent but not yet executed, then crash it.
    const staller = client(server.port);
    staller.call('DEBUG', 'SLEEP', '0.3').catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    const save = rejection(() =>
      driver.update(sid, { set: new Map([['b', '2']]), del: ['a'], expiresAt: inADay(), now: now() }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.kill();
    const { error, ms } = await save;
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(ms).toBeLessThan(3000);
    // The server restarts empty (no persistence): the save did not bring the session back.
    await server.restart();
    expect(await eventually(() => driver.read(sid, { now: now() }))).toBeNull();
    expect(
      await driver.update(sid, { set: new Map([['b', '2']]), del: [], expiresAt: inADay(), now: now() }),
    ).toBe('gone');
    // The restarted server has no cached scripts: the driver reloads them (NOSCRIPT → EVAL).
    const fresh = newSid();
    expect(
      await driver.create(fresh, { fields: new Map([['x', '1']]), expiresAt: inADay(), now: now() }),
    ).toBe(true);
    expect((await driver.read(fresh, { now: now() }))?.fields.get('x')).toBe('1');
  });

  it('applies a save all or nothing when its connection is dropped while the server runs on', async () => {
    server = await startRedisServer();
    const redis = client(server.port);
    const driver = ioredisDriver(redis);
    const sid = newSid();
    await driver.create(sid, { fields: new Map([['a', '1']]), expiresAt: inADay(), now: now() });
    const fields = new Map(Array.from({ length: 50 }, (_, i) => [`f${i}`, 'x'.repeat(100)]));
    const staller = client(server.port);
    const killer = client(server.port);
    staller.call('DEBUG', 'SLEEP', '0.2').catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    const save = driver.update(sid, { set: fields, del: [], expiresAt: inADay(), now: now() }).then(
      (result) => result,
      (error: unknown) => error,
    );
    // Drops every connection but the killer's, racing the queued save.
    await killer.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    const outcome = await save;
    if (outcome !== 'ok') expect(outcome).toBeInstanceOf(StorageUnavailableError);
    const record = await eventually(() => driver.read(sid, { now: now() }));
    const written = [...fields.keys()].filter((name) => record?.fields.has(name)).length;
    expect([0, 50]).toContain(written);
    if (outcome === 'ok') expect(written).toBe(50);
  });
});
