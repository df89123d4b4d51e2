import { type Driver, SessionGoneError, StorageUnavailableError, Vial } from '@vial/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redisCli } from './cli.js';
import { eventually } from './eventually.js';
import { type FaultProxy, startFaultProxy } from './proxy.js';
import { type RedisServer, startRedisServer } from './server.js';

/** A driver over a client of its own, as a fault test needs one. */
export interface FaultClient {
  readonly driver: Driver;
  close(): Promise<void>;
}

/** Options of {@link describeRedisFaults}. */
export interface RedisFaultOptions {
  /** The client library, for test titles. */
  readonly name: string;
  /**
   * A driver over a new client of `127.0.0.1:<port>` whose settings make it
   * give up on a command within `giveUpMs`. With `connect: false`, the
   * client must not wait for a connection (the server is down).
   */
  connect(port: number, options: { connect: boolean }): Promise<FaultClient>;
  /** How long (ms) the client takes at most to reject a command it cannot complete. */
  readonly giveUpMs: number;
}

// How far past its own timeout a rejection may come on a busy 2-core machine:
// a client checks its timers only when its event loop gets a turn.
const LATE_MS = 3_000;

/** Resolves once `count` clients of the server wait on a paused write. */
async function writesBlocked(port: number, count: number): Promise<void> {
  await eventually(async () => {
    const info = await redisCli(port, ['info', 'clients']);
    const blocked = Number(/blocked_clients:(\d+)/.exec(info)?.[1] ?? 0);
    if (blocked < count) throw new Error(`${blocked} of ${count} writes blocked so far`);
  }, 10_000);
}

async function outcome(work: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await work;
    return { error: undefined, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

/**
 * What a user of a Redis driver sees when Redis fails: the same scenarios
 * for every client library, each against a server of its own that it
 * stops, stalls, crashes or cuts off. Orderings are made certain with
 * `CLIENT PAUSE` and by watching the server, never by sleeping.
 */
export function describeRedisFaults(options: RedisFaultOptions): void {
  describe(`${options.name} when Redis fails, through Vial`, () => {
    let server: RedisServer;
    const open: FaultClient[] = [];
    const connect = async (port = server.port, connectNow = true) => {
      const client = await options.connect(port, { connect: connectNow });
      open.push(client);
      return client.driver;
    };
    beforeEach(async () => {
      server = await startRedisServer();
    });
    afterEach(async () => {
      await Promise.all(open.splice(0).map((client) => client.close()));
      await server.stop();
    });

    it('rejects loads and saves with StorageUnavailableError while Redis is down, then works', async () => {
      await server.kill();
      const vial = new Vial({ driver: await connect(server.port, false) });
      const session = vial.session();
      session.set('cart', ['espresso']);
      for (const work of [vial.load(`${'a'.repeat(21)}A.${'b'.repeat(21)}A`), session.save()]) {
        const { error, ms } = await outcome(work);
        expect(error).toBeInstanceOf(StorageUnavailableError);
        expect((error as Error).cause).toBeInstanceOf(Error);
        expect(ms).toBeLessThan(options.giveUpMs + LATE_MS);
      }
      expect(session.isNew).toBe(true);
      await server.restart();
      await eventually(() => session.save());
      expect((await vial.load(session.id)).get('cart')).toEqual(['espresso']);
    });

    it('rejects a save queued when Redis crashes, and writes none of it', async () => {
      const vial = new Vial({ driver: await connect() });
      const stored = vial.session();
      stored.set('n', 1);
      await stored.save();
      const session = await vial.load(stored.id);
      session.set('n', 2);
      await redisCli(server.port, ['client', 'pause', '10000', 'write']);
      const saving = outcome(session.save());
      await writesBlocked(server.port, 1);
      await server.kill();
      const { error } = await saving;
      expect(error).toBeInstanceOf(StorageUnavailableError);
      // No persistence: the restarted server is empty, and the save never recreates the session.
      await server.restart();
      const fresh = await eventually(() => vial.load(stored.id));
      expect(fresh.isNew).toBe(true);
      await expect(session.save()).rejects.toBeInstanceOf(SessionGoneError);
      expect((await vial.load(stored.id)).isNew).toBe(true);
    });

    describe('with its connection cut by a proxy while Redis runs on', () => {
      let proxy: FaultProxy;
      beforeEach(async () => {
        proxy = await startFaultProxy(server.port);
      });
      afterEach(() => proxy.close());

      // 20 values of 1 KiB: a command of about 21 KiB, sent in several segments.
      const big = Array.from({ length: 20 }, (_, i) => [`f${i}`, 'x'.repeat(1024)] as const);

      async function loaded() {
        const vial = new Vial({ driver: await connect(proxy.port) });
        const stored = vial.session();
        stored.set('f0', 'befor');
        await stored.save();
        // A save that makes the record larger runs the save script: have the server know it
        // first, so that the command the proxy cuts is the save itself, not a NOSCRIPT round.
        stored.set('f0', 'before');
        await stored.save();
        return { vial, session: await vial.load(stored.id), token: stored.id as string };
      }

      // A client may send a command again after reconnecting (ioredis does by
      // default): then the save resolves. Either way it is all or nothing.
      it('applies a save cut off mid-command whole or not at all, as its outcome says', async () => {
        const { vial, session, token } = await loaded();
        for (const [key, value] of big) session.set(key, value);
        proxy.cutRequestsAfter(4096);
        const { error } = await outcome(session.save());
        const after = await eventually(() => vial.load(token));
        if (error === undefined) expect(after.toJSON()).toEqual(Object.fromEntries(big));
        else {
          expect(error).toBeInstanceOf(StorageUnavailableError);
          expect(after.toJSON()).toEqual({ f0: 'before' });
        }
      });

      it('applies a save whose reply was lost whole, never in part', async () => {
        const { vial, session, token } = await loaded();
        for (const [key, value] of big) session.set(key, value);
        proxy.cutBeforeReply();
        const { error } = await outcome(session.save());
        if (error !== undefined) expect(error).toBeInstanceOf(StorageUnavailableError);
        const after = await eventually(() => vial.load(token));
        expect(after.toJSON()).toEqual(Object.fromEntries(big));
      });
    });

    it('rejects a load while Redis answers nothing, within the client’s own timeout', async () => {
      const proxy = await startFaultProxy(server.port);
      try {
        const vial = new Vial({ driver: await connect(proxy.port) });
        const stored = vial.session();
        stored.set('n', 1);
        await stored.save();
        proxy.stall();
        const { error, ms } = await outcome(vial.load(stored.id));
        expect(error).toBeInstanceOf(StorageUnavailableError);
        expect(ms).toBeLessThan(options.giveUpMs + LATE_MS);
        proxy.resume();
        expect((await eventually(() => vial.load(stored.id))).get('n')).toBe(1);
      } finally {
        await proxy.close();
      }
    });

    it('works again after Redis restarts, its scripts sent again, and brings back nothing lost with it', async () => {
      const vial = new Vial({ driver: await connect() });
      const lost = vial.session();
      lost.set('n', 1);
      await lost.save();
      const held = await vial.load(lost.id);
      await server.restart();
      const session = vial.session();
      session.set('m', 2);
      await eventually(() => session.save());
      expect((await vial.load(session.id)).get('m')).toBe(2);
      expect((await vial.load(lost.id)).isNew).toBe(true);
      held.set('n', 2);
      await expect(held.save()).rejects.toBeInstanceOf(SessionGoneError);
    });
  });
}
