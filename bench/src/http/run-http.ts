import type { BenchConfig } from '../config.js';
import type { Log } from '../log.js';
import { type AppName, BARE_APPS, REDIS_APPS } from './apps.js';
import { type AppServer, startApp } from './child.js';
import { countRequestCommands, type RequestCommands } from './commands.js';
import { type LostUpdateResult, runLostUpdates } from './lost-updates.js';
import { type HttpResult, runHttpSuite } from './suite.js';

/** What the HTTP part of a run measured. */
export interface HttpPart {
  readonly http: readonly HttpResult[];
  readonly httpCommands: readonly RequestCommands[];
  readonly lostUpdates: readonly LostUpdateResult[];
}

/**
 * Starts each of `names` in its own server child, counts the Redis commands
 * of each request type, runs the lost-update test and the load runs, and
 * stops the servers. An app that does not start ends the run.
 */
export async function runHttpPart(
  names: readonly AppName[],
  redisUrl: string,
  config: BenchConfig,
  log: Log,
  redisCpuSeconds: () => Promise<number>,
): Promise<HttpPart> {
  const servers: AppServer[] = [];
  try {
    for (const name of names) servers.push(await startApp(name, redisUrl));
    const httpCommands = await countRequestCommands(
      servers.filter((s) => REDIS_APPS.includes(s.name)),
      redisUrl,
      config,
      log,
    );
    const withSessions = servers.filter((s) => !BARE_APPS.includes(s.name));
    const lostUpdates = await runLostUpdates(withSessions, config, log);
    const http = await runHttpSuite(servers, config, log, redisCpuSeconds);
    return { http, httpCommands, lostUpdates };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}
