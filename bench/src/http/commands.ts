import type { BenchConfig } from '../config.js';
import type { Log } from '../log.js';
import { type CommandCount, countCommands, describeMix } from '../redis/commands.js';
import type { AppName } from './apps.js';
import type { AppServer } from './child.js';
import { getJson, signIn } from './cookies.js';

/** The request types whose Redis commands are counted. */
export const REQUEST_TYPES = [
  { id: 'anonymous', label: 'no cookie, session not used (`/home`)', path: '/home', cookie: false },
  { id: 'sign-in', label: 'no cookie, session filled (`/login`)', path: '/login', cookie: false },
  { id: 'read', label: 'cookie, session read (`/read`)', path: '/read', cookie: true },
  { id: 'write', label: 'cookie, one key changed (`/write`)', path: '/write', cookie: true },
] as const;

/** Commands per request of one type on one app. */
export interface RequestCommands {
  readonly app: AppName;
  readonly type: (typeof REQUEST_TYPES)[number]['id'];
  readonly count: CommandCount;
}

/** Counts, with MONITOR, the Redis commands each request type costs on each Redis-backed app. */
export async function countRequestCommands(
  servers: readonly AppServer[],
  redisUrl: string,
  config: BenchConfig,
  log: Log,
): Promise<RequestCommands[]> {
  const results: RequestCommands[] = [];
  for (const server of servers) {
    const cookies = await signIn(server.origin, config.commandSamples);
    for (const type of REQUEST_TYPES) {
      const count = await countCommands(redisUrl, config.commandSamples, (i) =>
        getJson(server.origin, type.path, type.cookie ? cookies[i] : undefined),
      );
      log(`commands ${server.name} ${type.id}: ${describeMix(count.sent)}`);
      results.push({ app: server.name, type: type.id, count });
    }
  }
  return results;
}
