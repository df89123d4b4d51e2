import { int, ms, table, times } from '../format.js';
import { APP_LABELS, type AppName } from '../http/apps.js';
import { REQUEST_TYPES } from '../http/commands.js';
import { isFastifyApp } from '../http/fastify-apps.js';
import type { HttpResult, Route } from '../http/suite.js';
import { type CommandCount, describeMix, total } from '../redis/commands.js';
import type { BenchResults, Target } from '../results.js';
import { ratio } from '../stats.js';
import type { Cycle, StoreResult } from '../store/suite.js';

const us = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');

function header(results: BenchResults, chartPath: string | null): string {
  const { env, config } = results;
  const versions = Object.entries(env.versions)
    .map(
      ([name, version]) => `${name === 'connect-redis9' ? 'connect-redis (9)' : name} ${version}`,
    )
    .join(', ');
  return [
    '# Benchmarks',
    '',
    `Written by \`pnpm bench\` (${config.mode} run, ${Math.round(results.seconds)} s) on ${env.date.slice(0, 10)}; do not edit by hand.`,
    'Every ratio compares figures of this same run. Throughput figures are the median of',
    `${config.repeats} runs, interleaved so that a busy moment of the machine spreads over every subject;`,
    'CPU per operation is the median too, and depends far less on what else the machine is doing.',
    '',
    `- **Machine**: ${env.cpu}, ${env.cores} cores, ${int(env.memory / 2 ** 30)} GiB, ${env.os}; load average ${env.load.toFixed(2)} at start (the cores are shared)`,
    `- **Runtime**: Node.js ${env.node}, Redis ${env.redis} (started by the bench on a free loopback port, no persistence), same machine`,
    `- **Versions**: ${versions}`,
    `- **Payload**: \`realisticSessionData()\` of \`@vial/driver-test-suite\`: about 650 bytes of JSON in 10 fields (user id, roles, CSRF token, a date, a 3-item cart, flash messages, preferences)`,
    '- **Reproduce**: `pnpm bench` at the root (about 8 minutes); `pnpm --filter @vial/bench run bench -- --smoke` for the quick check CI runs',
    ...(chartPath ? ['', `![Throughput of each subject](${chartPath})`] : []),
  ].join('\n');
}

export function targetsSection(targets: readonly Target[]): string {
  const met = targets.filter((t) => t.met).length;
  return [
    '## Targets',
    '',
    `${met} of ${targets.length} met in this run.`,
    '',
    table(
      ['target', 'goal', 'measured', 'met'],
      targets.map((t) => [t.what, t.goal, t.shown, t.met ? 'yes' : '**no**']),
    ),
  ].join('\n');
}

function storeTable(results: BenchResults, cycle: Cycle): string {
  const of = (r: StoreResult, kind: string) =>
    results.store.find((x) => x.subject.kind === kind && x.subject.client === r.subject.client);
  const rows = results.store.map((r) => {
    const c = r[cycle];
    const raw = of(r, 'raw');
    const connect = of(r, 'connect-redis');
    return [
      r.subject.kind === 'vial' ? `**${r.subject.name}**` : r.subject.name,
      int(c.throughput.median),
      `${int(c.throughput.min)}–${int(c.throughput.max)}`,
      us(c.clientCpuUs),
      us(c.redisCpuUs),
      us(c.clientCpuUs + c.redisCpuUs),
      raw ? times(ratio(c.throughput.median, raw[cycle].throughput.median)) : 'n/a',
      connect ? times(ratio(c.throughput.median, connect[cycle].throughput.median)) : 'n/a',
    ];
  });
  return table(
    [
      'subject',
      'ops/s (median)',
      'range',
      'client CPU µs/op',
      'Redis CPU µs/op',
      'total CPU µs/op',
      'vs raw floor',
      'vs connect-redis',
    ],
    rows,
    'lrrrrrrr',
  );
}

function commandTimesTable(results: BenchResults): string {
  const rows: string[][] = [];
  for (const r of results.store) {
    for (const cycle of ['write', 'read'] as const) {
      const times = Object.entries(r[cycle].usPerCall)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => `${name} ${value.toFixed(2)}`)
        .join(', ');
      rows.push([
        r.subject.name,
        cycle === 'write' ? 'load + change + save' : 'load, no change',
        times,
      ]);
    }
  }
  return table(['subject', 'cycle', 'µs inside Redis per call (commandstats)'], rows);
}

function storeSection(results: BenchResults): string {
  const { concurrency, durationMs, sessions } = results.config.store;
  return [
    '## 1. Store level',
    '',
    `${concurrency} operations in flight (a closed loop: each finished operation starts the next), ${durationMs / 1000} s per run, over ${int(sessions)} stored sessions per subject, one client connection per subject.`,
    'No HTTP: each store through its own API. vial: `vial.load(token)`, `set`, `save()`. connect-redis: `get`, then `set` (changed) or `touch` (unchanged), as express-session calls it.',
    'Raw floor: the same JSON as connect-redis stores, with the fewest commands that do the job (GET + SET PX; GETEX PX to read and slide the expiry).',
    'A small closed-loop driver instead of tinybench or mitata: those time operations one after another, not 64 sharing one connection.',
    'Client CPU is this process (library, client, parsing); Redis CPU is redis-server (`INFO cpu`). Both run on the same 2 cores, so their sum bounds throughput.',
    '',
    '### Load + change one field + save',
    '',
    storeTable(results, 'write'),
    '',
    '### Read-only: load, no change',
    '',
    storeTable(results, 'read'),
    '',
    '### Where Redis spends its time',
    '',
    'Execution time of each command inside Redis (`INFO commandstats`, reset before each run; median over runs). For `EVALSHA` it is the whole Lua script, including the commands the script calls (also listed on their own). Socket reads and writes, which each command pays about alike, are not included: they are the difference between these figures and Redis CPU per operation above.',
    '',
    commandTimesTable(results),
  ].join('\n');
}

/** The apps of one framework's tables, and what they are compared with. */
interface HttpGroup {
  readonly apps: (app: AppName) => boolean;
  readonly baseline: AppName;
  readonly bare: AppName;
  /** The baseline, as the ratio column names it. */
  readonly label: string;
}

const EXPRESS: HttpGroup = {
  apps: (app) => !isFastifyApp(app),
  baseline: 'express-session-connect-redis',
  bare: 'bare',
  label: 'express-session + connect-redis',
};
const FASTIFY: HttpGroup = {
  apps: isFastifyApp,
  baseline: 'fastify-session-connect-redis',
  bare: 'fastify-bare',
  label: '@fastify/session + connect-redis',
};

function httpTable(http: readonly HttpResult[], route: Route, group: HttpGroup): string {
  const rate = (app: AppName) =>
    http.find((x) => x.app === app)?.routes[route].throughput.median ?? Number.NaN;
  const baseline = rate(group.baseline);
  const bare = rate(group.bare);
  return table(
    [
      'app',
      'req/s (median)',
      'range',
      'p50',
      'p99',
      'server CPU µs/req',
      'Redis CPU µs/req',
      `vs ${group.label}`,
      'vs bare',
      'failed',
    ],
    http
      .filter((r) => group.apps(r.app))
      .map((r) => {
        const x = r.routes[route];
        return [
          r.app.startsWith('vial') ? `**${APP_LABELS[r.app]}**` : APP_LABELS[r.app],
          int(x.throughput.median),
          `${int(x.throughput.min)}–${int(x.throughput.max)}`,
          ms(x.p50),
          ms(x.p99),
          us(x.serverCpuUs),
          r.app.includes('redis') ? us(x.redisCpuUs) : '–',
          times(ratio(x.throughput.median, baseline)),
          times(ratio(x.throughput.median, bare)),
          String(x.failures),
        ];
      }),
    'lrrrrrrrrr',
  );
}

/** Section 2; with only some apps measured (`http-cli.ts`), only the tables of their framework. */
export function httpSection(results: Pick<BenchResults, 'http' | 'config'>): string {
  const { connections, durationS } = results.config.http;
  const { http } = results;
  const lines = [
    '## 2. HTTP',
    '',
    `One server process per app, autocannon in the bench process: ${connections} keep-alive connections, each sending its own session cookie (signed in beforehand), ${durationS} s per run.`,
    'A request whose session is missing answers 401, counted as failed: every counted request used its session.',
  ];
  if (http.some((r) => EXPRESS.apps(r.app))) {
    lines.push(
      '',
      "Express 5. express-session: `resave: false, saveUninitialized: false`, 1-day cookie; it calls `touch` (EXPIRE) on a request that changes nothing. @vial/express: defaults (rolling 1-day expiry, the cookie re-sent with each new expiry) and a signing secret like express-session's.",
      '',
      '### Read-only route (`GET /read`: reads the user id)',
      '',
      httpTable(http, 'read', EXPRESS),
      '',
      '### Writing route (`GET /write`: reads the user id, increments `visits`)',
      '',
      httpTable(http, 'write', EXPRESS),
    );
  }
  if (http.some((r) => FASTIFY.apps(r.app))) {
    lines.push(
      '',
      '### Fastify 5',
      '',
      "The same routes on Fastify 5. @fastify/session (with @fastify/cookie and connect-redis 8.1, an express-session store): `saveUninitialized: false`, 1-day cookie, `rolling` at its default (`true`), which slides the expiry as vial's default does, by saving the whole session (SET) on every request; it loads the session on every request with a cookie. @vial/fastify: defaults, `config: { session: true }` on the routes that use the session, and a signing secret like @fastify/session's.",
      '',
      '#### Fastify: read-only route (`GET /read`)',
      '',
      httpTable(http, 'read', FASTIFY),
      '',
      '#### Fastify: writing route (`GET /write`)',
      '',
      httpTable(http, 'write', FASTIFY),
    );
  }
  return lines.join('\n');
}

export function lostSection(results: Pick<BenchResults, 'lostUpdates' | 'config'>): string {
  const requests = results.config.lostUpdates.requests;
  return [
    '## 3. Lost updates',
    '',
    `${requests} requests at once on one session (one cookie), request i setting key \`k<i>\`; then the keys the session holds are counted. Median of ${results.config.repeats} sessions.`,
    '',
    table(
      ['app', `keys kept of ${requests} (median)`, 'each run'],
      results.lostUpdates.map((r) => [
        APP_LABELS[r.app],
        String(r.kept.median),
        r.kept.samples.join(', '),
      ]),
      'lrl',
    ),
  ].join('\n');
}

const scripts = (count: CommandCount) =>
  count.inScripts.size === 0 ? '–' : describeMix(count.inScripts);

function commandsSection(results: BenchResults): string {
  const httpRows = results.httpCommands.map((c) => [
    APP_LABELS[c.app],
    REQUEST_TYPES.find((t) => t.id === c.type)?.label ?? c.type,
    String(total(c.count.sent)),
    describeMix(c.count.sent),
    scripts(c.count),
  ]);
  const storeRows = results.storeCommands.map((c) => [
    c.subject,
    c.op === 'write' ? 'load + change + save' : c.op === 'read' ? 'load, no change' : 'new session',
    String(total(c.count.sent)),
    describeMix(c.count.sent),
    scripts(c.count),
  ]);
  return [
    '## 4. Redis commands per request',
    '',
    `Counted with MONITOR on the bench's own Redis over ${results.config.commandSamples} requests of each type, not timed. Each command a client sends is one round trip (none of these stores pipelines within a request); commands that vial's Lua scripts run inside Redis are listed apart.`,
    '',
    table(
      ['app', 'request', 'round trips', 'commands sent', 'run inside scripts'],
      httpRows,
      'llrll',
    ),
    '',
    'Store level, per operation:',
    '',
    table(
      ['subject', 'operation', 'round trips', 'commands sent', 'run inside scripts'],
      storeRows,
      'llrll',
    ),
  ].join('\n');
}

function memorySection(results: BenchResults): string {
  const m = results.redisMemory;
  const h = results.heap;
  return [
    '## 5. Memory',
    '',
    `Redis \`MEMORY USAGE\` per session (Redis ${m.redisVersion}, default settings, hash-max-listpack-value ${m.listpackValue}), ${m.samples} sessions each, by \`packages/driver-ioredis/bench/memory.mjs\`. vial stores the payload plus its token digest and creation time; connect-redis the payload plus express-session's cookie.`,
    '',
    table(
      ['store', 'MEMORY USAGE, bytes/session', 'value length, bytes', 'ratio'],
      [
        [
          '**vial (ioredis driver)**',
          `${int(m.vial.usage)} (${int(m.vial.afterUpdate)} after an update and a touch)`,
          int(m.vial.value),
          times(m.ratio),
        ],
        ['connect-redis 8.1', int(m.connectRedis.usage), int(m.connectRedis.value), '1.00x'],
      ],
      'lrrr',
    ),
    '',
    `Heap bytes per session in the Node.js process (${h.node}), ${int(h.sessions)} sessions held, measured after full GCs in a child process by \`packages/driver-memory/bench/heap.mjs\`:`,
    '',
    table(
      ['store', 'heap bytes/session', 'ratio'],
      [
        ['**@vial/driver-memory**', int(h.driver), times(h.ratio)],
        ['express-session MemoryStore', int(h.memoryStore), '1.00x'],
      ],
      'lrr',
    ),
  ].join('\n');
}

/** The whole BENCHMARKS.md. `chartPath`: where the chart is, relative to the markdown file. */
export function renderMarkdown(
  results: BenchResults,
  targets: readonly Target[],
  chartPath: string | null,
): string {
  return `${[
    header(results, chartPath),
    targetsSection(targets),
    storeSection(results),
    httpSection(results),
    lostSection(results),
    commandsSection(results),
    memorySection(results),
  ].join('\n\n')}\n`;
}
