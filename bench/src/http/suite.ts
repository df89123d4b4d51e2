import type { BenchConfig } from '../config.js';
import type { Log } from '../log.js';
import { median, type Samples, summarise } from '../stats.js';
import { type AppName, BARE_APPS } from './apps.js';
import type { AppServer } from './child.js';
import { signIn } from './cookies.js';
import { type LoadResult, load } from './load.js';

/** The two routes measured under load. */
export type Route = 'read' | 'write';

/** Throughput and latency of one app on one route. */
export interface RouteResult {
  /** Requests per second. */
  readonly throughput: Samples;
  /** Median over repeats of each run's latency percentile, ms. */
  readonly p50: number;
  readonly p99: number;
  /** Failed requests over all runs (non-2xx, errors, timeouts); 0 in a valid run. */
  readonly failures: number;
  /** Median CPU time of the server process per request, µs. */
  readonly serverCpuUs: number;
  /** Median CPU time of redis-server per request, µs. */
  readonly redisCpuUs: number;
}

interface Run extends LoadResult {
  readonly serverCpuUs: number;
  readonly redisCpuUs: number;
}

/** One app's results. */
export interface HttpResult {
  readonly app: AppName;
  readonly routes: Record<Route, RouteResult>;
}

/**
 * Signs `connections` users in on every app, then runs autocannon on each
 * route `repeats` times per app, interleaving apps in a rotating order.
 */
export async function runHttpSuite(
  servers: readonly AppServer[],
  config: BenchConfig,
  log: Log,
  redisCpuSeconds: () => Promise<number>,
): Promise<HttpResult[]> {
  const { connections, durationS, warmupS, amount } = config.http;
  const cookies = new Map<AppServer, string[]>();
  for (const server of servers) {
    cookies.set(
      server,
      BARE_APPS.includes(server.name) ? [] : await signIn(server.origin, connections),
    );
  }
  const runs = new Map<AppServer, Record<Route, Run[]>>(
    servers.map((s) => [s, { read: [], write: [] }]),
  );
  const run = async (server: AppServer, route: Route, seconds: number): Promise<Run> => {
    const serverBefore = await server.cpuUs();
    const redisBefore = await redisCpuSeconds();
    const result = await load(
      server.origin,
      `/${route}`,
      cookies.get(server) ?? [],
      connections,
      seconds,
      amount,
    );
    const redisAfter = await redisCpuSeconds();
    const serverAfter = await server.cpuUs();
    const requests = Math.max(result.requests, 1);
    return {
      ...result,
      serverCpuUs: (serverAfter - serverBefore) / requests,
      redisCpuUs: ((redisAfter - redisBefore) * 1e6) / requests,
    };
  };
  for (const route of ['read', 'write'] as const) {
    if (warmupS > 0) for (const server of servers) await run(server, route, warmupS);
    for (let r = 0; r < config.repeats; r++) {
      for (let k = 0; k < servers.length; k++) {
        const server = servers[(k + r) % servers.length] as AppServer;
        const result = await run(server, route, durationS);
        runs.get(server)?.[route].push(result);
        log(
          `http ${route} #${r + 1} ${server.name}: ${Math.round(result.requestsPerSecond)} req/s` +
            (result.failures > 0 ? ` (${result.failures} FAILED)` : ''),
        );
      }
    }
  }
  const summary = (results: readonly Run[]): RouteResult => ({
    throughput: summarise(results.map((x) => x.requestsPerSecond)),
    p50: median(results.map((x) => x.p50)),
    p99: median(results.map((x) => x.p99)),
    failures: results.reduce((sum, x) => sum + x.failures, 0),
    serverCpuUs: median(results.map((x) => x.serverCpuUs)),
    redisCpuUs: median(results.map((x) => x.redisCpuUs)),
  });
  return servers.map((server) => {
    const r = runs.get(server) as Record<Route, Run[]>;
    return { app: server.name, routes: { read: summary(r.read), write: summary(r.write) } };
  });
}
