/**
 * `node dist/http-cli.js [--apps a,b,...] [--smoke] [--json FILE]`
 *
 * Only the HTTP part of `pnpm bench` (commands per request, lost updates,
 * load runs), for the given apps (default: every app), with the full run's
 * connections, durations and repeats (`--smoke`: the smoke sizes). Prints the
 * HTTP and lost-update tables and the targets these apps decide; writes
 * nothing unless `--json` names a file. For checking a change to one
 * stack's lines in minutes rather than the whole run's quarter hour.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startRedisServer } from '@vial/test-redis';
import { Redis } from 'ioredis';
import { FULL, SMOKE } from './config.js';
import { ALL_APP_NAMES, type AppName } from './http/apps.js';
import { runHttpPart } from './http/run-http.js';
import { stderrLog } from './log.js';
import { describeMix } from './redis/commands.js';
import { redisCpuSeconds } from './redis/cpu.js';
import { httpSection, lostSection, targetsSection } from './report/markdown.js';
import { HTTP_STACKS, httpTargets, lostUpdateTargets } from './targets.js';

const { values } = parseArgs({
  options: {
    apps: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});

const apps = (values.apps?.split(',').map((name) => name.trim()) ?? [
  ...ALL_APP_NAMES,
]) as AppName[];
for (const app of apps) {
  if (!ALL_APP_NAMES.includes(app)) {
    throw new Error(
      `Unknown app ${JSON.stringify(app)}; expected some of ${ALL_APP_NAMES.join(', ')}`,
    );
  }
}
// The targets these apps decide: those whose vial app and baseline both run.
const stacks = HTTP_STACKS.filter((t) => apps.includes(t.vial) && apps.includes(t.against)).map(
  (t) => t.id,
);

const config = values.smoke ? SMOKE : FULL;
const log = stderrLog();
const redis = await startRedisServer();
const admin = new Redis(redis.url);
try {
  const started = Date.now();
  log(`HTTP only (${config.mode} sizes): ${apps.join(', ')}; Redis on ${redis.url}`);
  const part = await runHttpPart(apps, redis.url, config, log, () => redisCpuSeconds(admin));
  const targets = [...httpTargets(part.http, stacks), ...lostUpdateTargets(part.lostUpdates)];
  const commands = part.httpCommands.map(
    (c) => `- ${c.app} ${c.type}: ${describeMix(c.count.sent) || 'none'}`,
  );
  process.stdout.write(
    `${[
      targetsSection(targets),
      httpSection({ ...part, config }),
      lostSection({ ...part, config }),
      `Redis commands sent per request:\n\n${commands.join('\n')}`,
    ].join('\n\n')}\n`,
  );
  if (values.json) {
    await writeFile(
      values.json,
      `${JSON.stringify({ config, ...part, targets }, mapsAsObjects, 2)}\n`,
    );
  }
  log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
} finally {
  admin.disconnect();
  await redis.stop();
}

/** JSON.stringify replacer: Maps (command mixes) as plain objects. */
function mapsAsObjects(_key: string, value: unknown): unknown {
  return value instanceof Map ? Object.fromEntries(value) : value;
}
