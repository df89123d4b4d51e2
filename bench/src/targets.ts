import { times } from './format.js';
import type { AppName } from './http/apps.js';
import type { Route } from './http/suite.js';
import type { BenchResults, Target } from './results.js';
import { ratio } from './stats.js';
import type { ClientName, SubjectKind } from './store/subject.js';
import type { Cycle, StoreResult } from './store/suite.js';

function storeOf(results: BenchResults, kind: SubjectKind, client: ClientName): StoreResult {
  const found = results.store.find((r) => r.subject.kind === kind && r.subject.client === client);
  if (!found) throw new Error(`no ${kind} store subject on ${client}`);
  return found;
}

function httpRate(results: BenchResults, app: AppName, route: Route): number {
  const found = results.http.find((r) => r.app === app);
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
  const http = (route: Route) =>
    ratio(
      httpRate(results, 'vial-ioredis', route),
      httpRate(results, 'express-session-connect-redis', route),
    );
  targets.push(
    atLeast('HTTP writing route', http('write'), 1.25, 'express-session + connect-redis'),
    atLeast('HTTP read-only route', http('read'), 1.5, 'express-session + connect-redis'),
  );
  for (const lost of results.lostUpdates.filter((r) => r.app.startsWith('vial'))) {
    targets.push({
      what: `keys kept, ${lost.app}`,
      goal: `${lost.requests} of ${lost.requests}`,
      measured: lost.kept.median,
      shown: `${lost.kept.median} (min ${lost.kept.min})`,
      met: lost.kept.min === lost.requests,
    });
  }
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
