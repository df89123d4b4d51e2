import { type Driver, StorageUnavailableError, Vial } from '@vial/core';
import { afterEach, describe, expect, it } from 'vitest';
import { redisCli } from './cli.js';
import { type RedisCluster, startRedisCluster } from './cluster.js';
import { type ReplicatedRedis, startReplicatedRedis } from './sentinel.js';

/** Redis's `WAIT` arguments, as the drivers' `wait` option takes them. */
export interface WaitArgs {
  readonly replicas: number;
  readonly timeout: number;
}

/** A driver over a client of a replicated Redis (Sentinel) or of a Cluster with replicas. */
export interface FailoverClient {
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
  connect(group: ReplicatedRedis, wait?: WaitArgs): Promise<FailoverClient>;
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
  /** Failed requests of sessions that do not live on the killed primary (a Cluster's other masters). */
  readonly failedElsewhere: number;
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
/** What a run needs of a topology: clients, and a way to kill a primary and see its replacement. */
interface Topology {
  connect(): Promise<FailoverClient>;
  /** Kills a primary (SIGKILL) and resolves once its replacement serves; returns the kill's port. */
  killPrimary(): Promise<number>;
  /** Resolves once the killed primary's replacement serves. */
  promoted(killedPort: number): Promise<unknown>;
  /** Whether session `token` lives on the primary at `port` (all do, on a replicated standalone). */
  livesOn(token: string, port: number): Promise<boolean>;
}

async function runUnderLoad(topology: Topology): Promise<FailoverFigures> {
  const client = await topology.connect();
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
  const failedPer = new Array<number>(SESSIONS).fill(0);
  const startedAt = Date.now();
  const stopAt = startedAt + 1_000 + RUN_MS;
  let killedAt = 0;
  let killedPort = 0;
  const kill = (async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    killedAt = Date.now();
    killedPort = await topology.killPrimary();
    await topology.promoted(killedPort);
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
      failedPer[i] = (failedPer[i] as number) + 1;
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

  let failedElsewhere = 0;
  for (let i = 0; i < SESSIONS; i++) {
    if (!(await topology.livesOn(tokens[i] as string, killedPort)))
      failedElsewhere += failedPer[i] as number;
  }
  const reader = await topology.connect();
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
    failedElsewhere,
  };
}

/** The replicated standalone: Sentinel finds the primary, and every session lives on it. */
function sentinelTopology(
  options: FailoverOptions,
  group: ReplicatedRedis,
  wait: WaitArgs | undefined,
): Topology {
  return {
    connect: () => options.connect(group, wait),
    async killPrimary() {
      const port = await group.primaryPort();
      await group.server(port).kill();
      return port;
    },
    promoted: (port) => group.promotedFrom(port),
    livesOn: async () => true,
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
      const figures = await runUnderLoad(
        sentinelTopology(options, group, { replicas: 1, timeout: 200 }),
      );
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
      const figures = await runUnderLoad(sentinelTopology(options, group, undefined));
      console.info(`${options.name} failover without wait:`, JSON.stringify(figures));
      expect(figures.otherErrors).toEqual([]);
      expect(figures.slowestMs).toBeLessThan(figures.promotionMs + options.giveUpMs + LATE_MS);
      expect(figures.failingAfterPromotionMs).toBeLessThan(5_000);
    }, 120_000);
  });
}

/** Options of {@link describeClusterFailover}. */
export interface ClusterFailoverOptions {
  readonly name: string;
  /** A driver over a new cluster client of `cluster.nodes`, with `wait` when given. */
  connect(cluster: RedisCluster, wait?: WaitArgs): Promise<FailoverClient>;
  readonly giveUpMs: number;
  /** The client can route `WAIT` to the master that took the write (node-redis can, ioredis cannot). */
  readonly waits: boolean;
}

function clusterTopology(
  options: ClusterFailoverOptions,
  cluster: RedisCluster,
  wait: WaitArgs | undefined,
  victim: string,
): Topology {
  // The killed master's slots, taken before the kill: afterwards its replica serves them.
  let killedRanges: ReadonlyArray<readonly [number, number]> = [];
  return {
    connect: () => options.connect(cluster, wait),
    async killPrimary() {
      const port = await cluster.masterOf(victim);
      killedRanges = await cluster.rangesOf(port);
      const server = cluster.servers.find((s) => s.port === port);
      await server?.kill();
      return port;
    },
    promoted: (port) => cluster.failedOver(port),
    livesOn: async (token) => {
      const slot = await cluster.slotOf(`vial:s:${token.split('.')[0]}`);
      return killedRanges.some(([from, to]) => slot >= from && slot <= to);
    },
  };
}

/**
 * The same load on a Cluster of three masters with a replica each
 * (`cluster-node-timeout` 1000, `cluster-require-full-coverage no`): one master is killed (SIGKILL) and its
 * replica promoted. Sessions in the other masters' slots see no error at
 * all; the killed master's fail with `StorageUnavailableError` until the
 * promotion. With `wait` (where the client can route it), no acknowledged
 * save is lost and no destroyed session is back; without, the figures are
 * reported.
 */
export function describeClusterFailover(options: ClusterFailoverOptions): void {
  describe(`${options.name}: a Cluster with replicas and a master killed under load`, () => {
    let cluster: RedisCluster | undefined;
    afterEach(async () => {
      await cluster?.stop();
      cluster = undefined;
    });

    it(`${options.waits ? 'with wait { replicas: 1, timeout: 200 }: 0 lost and 0 resurrected' : 'without wait (the client cannot route it): figures reported'}; the other masters' sessions see 0 errors`, async () => {
      // As docs/production.md advises: a dead master stops its own slots only.
      cluster = await startRedisCluster({
        replicas: 1,
        nodeTimeoutMs: 1000,
        requireFullCoverage: false,
      });
      // The master that serves this key is the one killed.
      const victim = 'vial:s:victim';
      const wait = options.waits ? { replicas: 1, timeout: 200 } : undefined;
      const figures = await runUnderLoad(clusterTopology(options, cluster, wait, victim));
      console.info(`${options.name} cluster failover:`, JSON.stringify(figures));
      expect(figures.failedElsewhere).toBe(0);
      expect(figures.otherErrors).toEqual([]);
      expect(figures.acknowledged).toBeGreaterThan(SESSIONS / 2);
      expect(figures.slowestMs).toBeLessThan(figures.promotionMs + options.giveUpMs + LATE_MS);
      expect(figures.failingAfterPromotionMs).toBeLessThan(5_000);
      if (options.waits) {
        expect(figures.lost).toBe(0);
        expect(figures.resurrected).toBe(0);
      }
    }, 180_000);
  });
}
