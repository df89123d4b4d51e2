import { type Driver, StorageUnavailableError, Vial } from '@vial/core';
import { afterEach, describe, expect, it } from 'vitest';
import { redisCli } from './cli.js';
import { type ReplicatedRedis, startReplicatedRedis } from './sentinel.js';

/** Redis's `WAIT` arguments, as the drivers' `wait` option takes them. */
export interface WaitArgs {
  readonly replicas: number;
  readonly timeout: number;
}

/** A driver over a Sentinel client of a {@link ReplicatedRedis}. */
export interface SentinelClient {
  readonly driver: Driver;
  close(): Promise<void>;
}

/** Options of {@link describeFailover}. */
export interface FailoverOptions {
  /** The client library, for test titles. */
  readonly name: string;
  /**
   * A driver over a new Sentinel client of `group` (its `name` and
   * `sentinels`), with `wait` when given, and settings that make a command
   * give up within `giveUpMs` while no primary answers.
   */
  connect(group: ReplicatedRedis, wait?: WaitArgs): Promise<SentinelClient>;
  /** How long (ms) a command may take at most before the client rejects it. */
  readonly giveUpMs: number;
}

/** What a run under load saw, per session and per request. */
export interface FailoverFigures {
  readonly sessions: number;
  readonly acknowledged: number;
  /** Sessions whose stored value is older than the last acknowledged one, or gone. */
  readonly lost: number;
  /** Sessions destroyed with an acknowledgement that opened again. */
  readonly resurrected: number;
  readonly failed: number;
  /** Failures that were not `StorageUnavailableError`. */
  readonly otherErrors: readonly string[];
  /** How many failures each cause had (the client's message, numbers left out). */
  readonly causes: Readonly<Record<string, number>>;
  /** The longest a failed request took, and the longest any request took (ms). */
  readonly slowestFailureMs: number;
  readonly slowestMs: number;
  /** From the kill to the promotion Sentinel reports, and from then to the last failure (ms). */
  readonly promotionMs: number;
  readonly failingAfterPromotionMs: number;
}

const WORKERS = 64;
const SESSIONS = 200;
const RUN_MS = 10_000;
// A busy 2-core machine runs timers late: a failure this long after its client's timeout is not a hang.
const LATE_MS = 3_000;

/**
 * Load, change and save on `SESSIONS` sessions with `WORKERS` requests in
 * flight, each session written by one worker at a time so that its last
 * acknowledged value is known; every tenth session is destroyed midway.
 * The primary is killed (SIGKILL) after a second, and the load goes on for
 * `RUN_MS`. Then every session is read back through a fresh client.
 */
async function runUnderLoad(
  options: FailoverOptions,
  group: ReplicatedRedis,
  wait: WaitArgs | undefined,
): Promise<FailoverFigures> {
  const client = await options.connect(group, wait);
  const vial = new Vial<{ v: number }>({ driver: client.driver, ttl: '1h' });
  const tokens: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const session = vial.session();
    session.set('v', 0);
    await session.save();
    tokens.push(session.id as string);
  }
  const acked = new Array<number>(SESSIONS).fill(0);
  // 'destroyed' once a destroy was acknowledged; 'unknown' when one failed (it may have happened).
  const ended = new Array<'live' | 'destroyed' | 'unknown'>(SESSIONS).fill('live');
  const attempts = new Array<number>(SESSIONS).fill(0);
  let failed = 0;
  let slowestFailureMs = 0;
  let slowestMs = 0;
  let lastFailureAt = 0;
  const otherErrors: string[] = [];
  const causes: Record<string, number> = {};
  const former = await group.primaryPort();
  const startedAt = Date.now();
  const stopAt = startedAt + 1_000 + RUN_MS;
  let killedAt = 0;
  const kill = (async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    killedAt = Date.now();
    await group.server(former).kill();
    await group.promotedFrom(former);
    return Date.now();
  })();

  // Every tenth session is destroyed at its own moment, spread over the run and across the kill.
  const destroyAt = (i: number) => startedAt + 500 + (i / SESSIONS) * RUN_MS;
  const step = async (i: number) => {
    const began = Date.now();
    const destroying = i % 10 === 0 && began >= destroyAt(i);
    try {
      if (destroying) {
        const session = await vial.load(tokens[i] as string);
        await session.destroy();
        ended[i] = 'destroyed';
        return;
      }
      const session = await vial.load(tokens[i] as string);
      if (session.isNew) return; // gone: counted when read back
      const next = (attempts[i] as number) + 1;
      attempts[i] = next;
      session.set('v', next);
      await session.save();
      acked[i] = next;
      slowestMs = Math.max(slowestMs, Date.now() - began);
    } catch (error) {
      slowestMs = Math.max(slowestMs, Date.now() - began);
      failed++;
      lastFailureAt = Date.now();
      slowestFailureMs = Math.max(slowestFailureMs, Date.now() - began);
      if (!(error instanceof StorageUnavailableError)) otherErrors.push(String(error));
      const cause = String((error as Error).cause ?? error).replace(/\d+/g, 'N');
      causes[cause] = (causes[cause] ?? 0) + 1;
      if (destroying) ended[i] = 'unknown';
    }
  };
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      while (Date.now() < stopAt) {
        for (let i = worker; i < SESSIONS && Date.now() < stopAt; i += WORKERS) {
          if (ended[i] === 'live') await step(i);
        }
      }
    }),
  );
  const promotedAt = await kill;
  await client.close();

  const reader = await options.connect(group);
  const check = new Vial<{ v: number }>({ driver: reader.driver, ttl: '1h' });
  let lost = 0;
  let resurrected = 0;
  for (let i = 0; i < SESSIONS; i++) {
    const session = await check.load(tokens[i] as string);
    if (ended[i] === 'unknown') continue;
    if (ended[i] === 'destroyed') {
      if (!session.isNew) resurrected++;
    } else if (session.isNew || (session.get('v') ?? -1) < (acked[i] as number)) {
      lost++;
    }
  }
  await reader.close();
  return {
    sessions: SESSIONS,
    acknowledged: acked.filter((value) => value > 0).length,
    lost,
    resurrected,
    failed,
    otherErrors,
    causes,
    slowestFailureMs,
    slowestMs,
    promotionMs: promotedAt - killedAt,
    failingAfterPromotionMs: Math.max(0, lastFailureAt - promotedAt),
  };
}

/**
 * A failover under load, on real servers on loopback: one primary, two
 * replicas and three Sentinels (`down-after-milliseconds` 1000). With
 * `wait: { replicas: 1, timeout: 200 }`, no acknowledged save is lost and
 * no acknowledged destroy comes back; without it, the same figures are
 * reported. Either way every failure is a `StorageUnavailableError`, no
 * request waits longer than the failover plus the client's timeout (a
 * client may fail requests at once, as ioredis does, or hold them until
 * the new primary is known, as node-redis's Sentinel client does), and
 * saves succeed within 5 s of the promotion. The drivers' `wait` option is checked on its own first.
 */
export function describeFailover(options: FailoverOptions): void {
  describe(`${options.name}: Sentinel, replicas and a failover under load`, () => {
    let group: ReplicatedRedis | undefined;
    afterEach(async () => {
      await group?.stop();
      group = undefined;
    });

    it('wait: a save resolves once a replica has it; more replicas than there are fail with StorageUnavailableError naming the timeout, and the write stays', async () => {
      group = await startReplicatedRedis({ replicas: 1, sentinels: 1 });
      const one = await options.connect(group, { replicas: 1, timeout: 1000 });
      const vial = new Vial<{ v: number }>({ driver: one.driver, ttl: '1h' });
      const session = vial.session();
      session.set('v', 1);
      await session.save();
      const replica = group.servers[1]?.port as number;
      const key = (await redisCli(replica, ['--scan', '--pattern', 'vial:s:*'])).trim();
      expect(key).not.toBe('');
      await one.close();

      const two = await options.connect(group, { replicas: 2, timeout: 100 });
      const strict = new Vial<{ v: number }>({ driver: two.driver, ttl: '1h' });
      const copy = await strict.load(session.id as string);
      copy.set('v', 2);
      const error = await copy.save().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect((error as Error).message).toMatch(
        /during save: WAIT: 1 of 2 replicas acknowledged the write within 100 ms/,
      );
      expect((await strict.load(session.id as string)).get('v')).toBe(2); // not undone
      await two.close();
    }, 60_000);

    it('with wait { replicas: 1, timeout: 200 }: after SIGKILL of the primary under load, 0 acknowledged saves lost and 0 destroyed sessions back', async () => {
      group = await startReplicatedRedis();
      const figures = await runUnderLoad(options, group, { replicas: 1, timeout: 200 });
      console.info(`${options.name} failover with wait:`, JSON.stringify(figures));
      expect(figures.lost).toBe(0);
      expect(figures.resurrected).toBe(0);
      expect(figures.otherErrors).toEqual([]);
      expect(figures.acknowledged).toBeGreaterThan(SESSIONS / 2);
      expect(figures.slowestMs).toBeLessThan(figures.promotionMs + options.giveUpMs + LATE_MS);
      expect(figures.failingAfterPromotionMs).toBeLessThan(5_000);
    }, 120_000);

    it('without wait: the same run, its lost and resurrected figures reported, failures still quick 503s', async () => {
      group = await startReplicatedRedis();
      const figures = await runUnderLoad(options, group, undefined);
      console.info(`${options.name} failover without wait:`, JSON.stringify(figures));
      expect(figures.otherErrors).toEqual([]);
      expect(figures.slowestMs).toBeLessThan(figures.promotionMs + options.giveUpMs + LATE_MS);
      expect(figures.failingAfterPromotionMs).toBeLessThan(5_000);
    }, 120_000);
  });
}
