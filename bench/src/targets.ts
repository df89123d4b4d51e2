import { times } from './format.js';
import type { AppName } from './http/apps.js';
import type { LostUpdateResult } from './http/lost-updates.js';
import type { HttpResult, Route } from './http/suite.js';
import type { BenchResults, Target } from './results.js';
import { ratio } from './stats.js';
import type { ClientName, SubjectKind } from './store/subject.js';
import type { Cycle, StoreResult } from './store/suite.js';

function storeOf(results: BenchResults, kind: SubjectKind, client: ClientName): StoreResult {
  const found = results.store.find((r) => r.subject.kind === kind && r.subject.client === client);
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

/** The HTTP route targets of each framework, vial against its usual session stack. */
const HTTP_TARGETS = [
  {
    framework: 'express',
    what: 'HTTP',
    vial: 'vial-ioredis',
    against: 'express-session-connect-redis',
    label: 'express-session + connect-redis',
    goals: { write: 1.25, read: 1.5 },
  },
  {
    framework: 'fastify',
    what: 'Fastify',
    vial: 'vial-fastify-ioredis',
    against: 'fastify-session-connect-redis',
    label: '@fastify/session + connect-redis',
    goals: { write: 1.5, read: 1.5 },
  },
] as const;

/** A framework whose HTTP targets {@link httpTargets} checks. */
export type Framework = (typeof HTTP_TARGETS)[number]['framework'];

/**
 * The writing and read-only route targets of `frameworks` (default: all),
 * each the ratio of vial's throughput to the baseline's in these results.
 */
export function httpTargets(
  http: readonly HttpResult[],
  frameworks: readonly Framework[] = ['express', 'fastify'],
): Target[] {
  return HTTP_TARGETS.filter((t) => frameworks.includes(t.framework)).flatMap((t) => {
    const rate = (route: Route) =>
      ratio(httpRate(http, t.vial, route), httpRate(http, t.against, route));
    return [
      atLeast(`${t.what} writing route`, rate('write'), t.goals.write, t.label),
      atLeast(`${t.what} read-only route`, rate('read'), t.goals.read, t.label),
    ];
  });
}

/** vial keeps every key of the concurrent requests, on each app that runs it. */
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

/** The targets, each as a ratio between figures of this same run. */
export function checkTargets(results: BenchResults): Target[] {
  const targets: Target[] = [];
  const storeRatio = (client: ClientName, cycle: Cycle, against: SubjectKind) =>
    ratio(
      storeOf(results, 'vial', client)[cycle].throughput.median,
      storeOf(results, against, client)[cycle].throughput.median,
    );
  for (const client of ['ioredis', 'node-redis'] as const) {
    targets.push(
      atLeast(
        `store cycle, vial + ${client}`,
        storeRatio(client, 'write', 'raw'),
        0.9,
        `raw ${client}`,
      ),
      atLeast(
        `store cycle, vial + ${client}`,
        storeRatio(client, 'write', 'connect-redis'),
        1.0,
        'connect-redis',
      ),
      atLeast(
        `read-only store cycle, vial + ${client}`,
        storeRatio(client, 'read', 'connect-redis'),
        1.5,
        'connect-redis',
      ),
    );
  }
  targets.push(...httpTargets(results.http));
  targets.push(...lostUpdateTargets(results.lostUpdates));
  targets.push(
    {
      what: 'Redis bytes per session',
      goal: '<= 1.10x connect-redis',
      measured: results.redisMemory.ratio,
      shown: times(results.redisMemory.ratio),
      met: results.redisMemory.ratio <= 1.1,
    },
    {
      what: 'memory driver heap bytes per session',
      goal: '<= 0.70x MemoryStore',
      measured: results.heap.ratio,
      shown: times(results.heap.ratio),
      met: results.heap.ratio <= 0.7,
    },
  );
  return targets;
}
