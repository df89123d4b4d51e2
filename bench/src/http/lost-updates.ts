import type { BenchConfig } from '../config.js';
import type { Log } from '../log.js';
import { type Samples, summarise } from '../stats.js';
import type { AppName } from './apps.js';
import type { AppServer } from './child.js';
import { getJson, signIn } from './cookies.js';

/** How many of the concurrent requests' keys one app kept. */
export interface LostUpdateResult {
  readonly app: AppName;
  /** Requests sent at once on one session. */
  readonly requests: number;
  /** Keys found in the session afterwards, per repeat. */
  readonly kept: Samples;
}

/**
 * Per repeat: signs in, sends `requests` requests at once with that one
 * cookie, request i setting key `k<i>`, then counts the keys the session holds.
 */
export async function runLostUpdates(
  servers: readonly AppServer[],
  config: BenchConfig,
  log: Log,
): Promise<LostUpdateResult[]> {
  const { requests } = config.lostUpdates;
  const results: LostUpdateResult[] = [];
  for (const server of servers) {
    const kept: number[] = [];
    for (let r = 0; r < config.repeats; r++) {
      const [cookie] = await signIn(server.origin, 1);
      await Promise.all(
        Array.from({ length: requests }, (_, i) => getJson(server.origin, `/key/${i}`, cookie)),
      );
      const { count } = (await getJson(server.origin, '/keys', cookie)) as { count: number };
      kept.push(count);
    }
    log(`lost updates ${server.name}: kept ${kept.join(', ')} of ${requests}`);
    results.push({ app: server.name, requests, kept: summarise(kept) });
  }
  return results;
}
