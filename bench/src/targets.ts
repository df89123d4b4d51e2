import type { BenchConfig } from './config.js';
import { times } from './format.js';
import type { AppName } from './http/apps.js';
import type { LostUpdateResult } from './http/lost-updates.js';
import type { HttpResult, Route } from './http/suite.js';
import type { BenchResults, Target } from './results.js';
import { ratio } from './stats.js';
import type { HotPart, HotResult, HotScenario } from './store/run-hot.js';
import type { StorePart } from './store/run-store.js';
import type { ClientName, SubjectKind } from './store/subject.js';
import type { CycleResult, StoreResult } from './store/suite.js';
import { isUnmeasured } from './unmeasured.js';

function find<C extends 'write' | 'read'>(
  rows: readonly StoreResult<C>[],
  kind: SubjectKind,
  client: ClientName,
): StoreResult<C> {
  const found = rows.find((r) => r.subject.kind === kind && r.subject.client === client);
  if (!found) throw new Error(`no ${kind} store subject on ${client}`);
  return found;
}

function httpRate(http: readonly HttpResult[], app: AppName, route: Route): number {
  const found = http.find((r) => r.app === app);
  if (!found) throw new Error(`no HTTP result for ${app}`);
  return found.routes[route].throughput.median;
}

function atLeast(what: string, measured: number, goal: number, against: string): Target {
  return {
    what,
    goal: `>= ${times(goal)} ${against}`,
    measured,
    shown: times(measured),
    met: measured >= goal,
  };
}

function atMost(what: string, measured: number, goal: number, against: string): Target {
  return {
    what,
    goal: `<= ${times(goal)} ${against}`,
    measured,
    shown: times(measured),
    met: measured <= goal,
  };
}

/** A target whose figure could not be measured in this run: listed, and not met. */
function unmeasured(what: string, goal: string, reason: string): Target {
  return { what, goal, measured: Number.NaN, shown: 'not measured', reason, met: false };
}

const throughput = (c: CycleResult) => c.throughput.median;
const redisCpu = (c: CycleResult) => c.redisCpuUs;

/**
 * Issue 12's store targets: throughput of vial's write and read-only cycles
 * against the raw floor (and connect-redis 9), Redis CPU per write cycle
 * against the floor's, and the same on the 50 KB session.
 */
export function storeTargets(part: StorePart): Target[] {
  const vs = (
    client: ClientName,
    cycle: 'write' | 'read',
    against: SubjectKind,
    figure: (c: CycleResult) => number,
  ) =>
    ratio(
      figure(find(part.store, 'vial', client)[cycle]),
      figure(find(part.store, against, client)[cycle]),
    );
  const targets = [
    atLeast(
      'store cycle, vial + node-redis',
      vs('node-redis', 'write', 'raw', throughput),
      1.0,
      'raw node-redis (floor)',
    ),
    atLeast(
      'store cycle, vial + node-redis',
      vs('node-redis', 'write', 'connect-redis', throughput),
      1.15,
      'connect-redis 9',
    ),
    atLeast(
      'store cycle, vial + ioredis',
      vs('ioredis', 'write', 'raw', throughput),
      1.05,
      'raw ioredis (floor)',
    ),
  ];
  for (const client of ['node-redis', 'ioredis'] as const) {
    targets.push(
      atLeast(
        `read-only cycle, vial + ${client}`,
        vs(client, 'read', 'raw', throughput),
        1.0,
        `raw ${client} GETEX (floor)`,
      ),
    );
  }
  for (const [client, goal] of [
    ['node-redis', 2.0],
    ['ioredis', 1.3],
  ] as const) {
    targets.push(
      atMost(
        `Redis CPU per store cycle, vial + ${client}`,
        vs(client, 'write', 'raw', redisCpu),
        goal,
        `raw ${client} (floor)`,
      ),
    );
  }
  const large = part.storeSized.find((s) => s.label === '50 KB');
  for (const client of ['node-redis', 'ioredis'] as const) {
    const what = `Redis CPU per store cycle, 50 KB session, vial + ${client}`;
    if (!large) {
      targets.push(unmeasured(what, `<= 0.80x raw ${client}`, 'no 50 KB case in this config'));
      continue;
    }
    const cpu = (kind: SubjectKind) => find(large.store, kind, client).write.redisCpuUs;
    targets.push(atMost(what, ratio(cpu('vial'), cpu('raw')), 0.8, `raw ${client} (floor)`));
  }
  return targets;
}

/**
 * Issue 24 item 3, the hot session, for vial on each client: throughput with
 * the most writers at least half of that with the fewest (64 and 8: at most
 * twice the time for the same saves); the largest stored size at most 4x the
 * same record stored fresh, with the most writers, with `conflict: 'reject'`
 * and with one long-lived Session object; the last saves of the `reject` run
 * at most 1.5x as slow as the first; no writer's last update lost.
 */
export function hotTargets(part: HotPart, config: Pick<BenchConfig, 'hot'>): Target[] {
  const { writers, window } = config.hot;
  const most = Math.max(...writers);
  const fewest = Math.min(...writers);
  const targets: Target[] = [];
  for (const client of ['node-redis', 'ioredis'] as const) {
    const rows = part.hot.filter((r) => r.kind === 'vial' && r.client === client);
    const row = (scenario: HotScenario, w = 1): HotResult | undefined =>
      rows.find((r) => r.scenario === scenario && r.writers === w);
    const what = (figure: string) => `hot session, vial + ${client}: ${figure}`;
    const many = row('distinct', most);
    const few = row('distinct', fewest);
    const throughputWhat = what(`saves/s, ${most} vs ${fewest} writers`);
    targets.push(
      many && few
        ? atLeast(
            throughputWhat,
            ratio(many.throughput.median, few.throughput.median),
            0.5,
            `${fewest} writers`,
          )
        : unmeasured(throughputWhat, `>= 0.50x ${fewest} writers`, 'no such runs in this config'),
    );
    for (const [scenario, label, found] of [
      ['distinct', `${most} writers`, many],
      ['reject', "conflict: 'reject'", row('reject')],
      ['held', 'one long-lived Session object', row('held')],
    ] as const) {
      const sizeWhat = what(`largest stored size, ${label}`);
      targets.push(
        found
          ? atMost(sizeWhat, found.sizeRatio, 4.0, `the same record stored fresh`)
          : unmeasured(sizeWhat, '<= 4.00x fresh', `no ${scenario} run in this config`),
      );
    }
    const reject = row('reject');
    const windowWhat = what(`conflict: 'reject', mean time of the last ${window} saves`);
    targets.push(
      reject?.window
        ? atMost(
            windowWhat,
            ratio(reject.window.lastSaveMs, reject.window.firstSaveMs),
            1.5,
            `the first ${window}`,
          )
        : unmeasured(windowWhat, `<= 1.50x the first ${window}`, 'no reject run in this config'),
    );
    const lost = rows.reduce((sum, r) => sum + r.lost.max, 0);
    targets.push({
      what: what('updates lost (every run)'),
      goal: '0',
      measured: lost,
      shown: String(lost),
      met: rows.length > 0 && lost === 0,
    });
  }
  return targets;
}

/** The HTTP route targets of each stack: vial against the usual session middleware on the same client. */
export const HTTP_STACKS = [
  {
    id: 'express-ioredis',
    what: 'HTTP, ioredis',
    vial: 'vial-ioredis',
    against: 'express-session-connect-redis',
    label: 'express-session + connect-redis 8.1',
    goals: { write: 1.5, read: 2.0 },
  },
  {
    id: 'express-node-redis',
    what: 'HTTP, node-redis',
    vial: 'vial-node-redis',
    against: 'express-session-connect-redis9',
    label: 'express-session + connect-redis 9',
    goals: { write: 1.5, read: 2.0 },
  },
  {
    id: 'fastify-ioredis',
    what: 'Fastify',
    vial: 'vial-fastify-ioredis',
    against: 'fastify-session-connect-redis',
    label: '@fastify/session + connect-redis',
    goals: { write: 1.5, read: 1.5 },
  },
] as const satisfies readonly {
  id: string;
  what: string;
  label: string;
  vial: AppName;
  against: AppName;
  goals: Record<Route, number>;
}[];

/** A stack whose HTTP targets {@link httpTargets} checks. */
export type HttpStack = (typeof HTTP_STACKS)[number]['id'];

/**
 * The writing and read-only route targets of `stacks` (default: all), each
 * the ratio of vial's throughput to the baseline's in these results.
 */
export function httpTargets(
  http: readonly HttpResult[],
  stacks: readonly HttpStack[] = HTTP_STACKS.map((t) => t.id),
): Target[] {
  return HTTP_STACKS.filter((t) => stacks.includes(t.id)).flatMap((t) => {
    const rate = (route: Route) =>
      ratio(httpRate(http, t.vial, route), httpRate(http, t.against, route));
    return [
      atLeast(`${t.what} writing route`, rate('write'), t.goals.write, t.label),
      atLeast(`${t.what} read-only route`, rate('read'), t.goals.read, t.label),
    ];
  });
}

/** vial keeps every key of the concurrent requests, on each vial app. */
export function lostUpdateTargets(lostUpdates: readonly LostUpdateResult[]): Target[] {
  return lostUpdates
    .filter((r) => r.app.startsWith('vial'))
    .map((lost) => ({
      what: `keys kept, ${lost.app}`,
      goal: `${lost.requests} of ${lost.requests}`,
      measured: lost.kept.median,
      shown: `${lost.kept.median} (min ${lost.kept.min})`,
      met: lost.kept.min === lost.requests,
    }));
}

/** Issue 12's Redis memory target and issue 17's heap target. */
export function memoryTargets(results: Pick<BenchResults, 'redisMemory' | 'heap'>): Target[] {
  const heapWhat = 'memory driver heap bytes per session';
  const heapGoal = '<= 1.00x MemoryStore';
  const { heap, redisMemory } = results;
  return [
    atMost('Redis bytes per session', redisMemory.ratio, 1.0, 'connect-redis'),
    isUnmeasured(heap)
      ? unmeasured(heapWhat, heapGoal, heap.reason)
      : atMost(heapWhat, heap.ratio, 1.0, 'MemoryStore'),
  ];
}

/** Every target of the issues, each as a ratio between figures of this same run. */
export function checkTargets(results: BenchResults): Target[] {
  return [
    ...storeTargets(results),
    ...hotTargets(results, results.config),
    ...httpTargets(results.http),
    ...lostUpdateTargets(results.lostUpdates),
    ...memoryTargets(results),
  ];
}
