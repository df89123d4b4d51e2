import type { BenchConfig } from '../config.js';
import { int, ms, table, times } from '../format.js';
import { APP_LABELS, type AppName, BASELINE_OF } from '../http/apps.js';
import { REQUEST_TYPES } from '../http/commands.js';
import { isFastifyApp } from '../http/fastify-apps.js';
import type { HttpResult, Route } from '../http/suite.js';
import { type CommandCount, describeMix, total } from '../redis/commands.js';
import type { BenchResults, Target } from '../results.js';
import { ratio } from '../stats.js';
import type { HotPart, HotResult } from '../store/run-hot.js';
import type { StorePart } from '../store/run-store.js';
import type { Cycle, StoreResult } from '../store/suite.js';
import { isUnmeasured } from '../unmeasured.js';

const us = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');

function header(results: BenchResults, chartPath: string | null): string {
  const { env, config } = results;
  const versions = Object.entries(env.versions)
    .map(
      ([name, version]) => `${name === 'connect-redis9' ? 'connect-redis (9)' : name} ${version}`,
    )
    .join(', ');
  const sizes = config.store.sizes.map((s) => s.label).join(' and ');
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
    `- **Payload**: the realistic session of \`@vial/driver-test-suite\`'s fixtures (\`bench/src/payload.ts\`): about 650 bytes of JSON in 10 fields (user id, roles, CSRF token, a date, a 3-item cart, flash messages, preferences); for the large-session cycles the same plus a \`note\` field of ${sizes}`,
    '- **Reproduce**: `pnpm bench` at the root (about 16 minutes); `node bench/dist/cli.js --only store` for the store part alone at full sizes (about 6 minutes, prints its tables), `--only hot` for the hot session alone; `pnpm --filter @vial/bench run bench -- --smoke` for the quick check CI runs',
    ...(chartPath ? ['', `![Throughput of each subject](${chartPath})`] : []),
  ].join('\n');
}

/** The targets table; targets that could not be measured are listed below it with the reason. */
export function targetsSection(targets: readonly Target[]): string {
  const met = targets.filter((t) => t.met).length;
  const reasons = targets.filter((t) => t.reason !== undefined);
  return [
    '## Targets',
    '',
    `${met} of ${targets.length} met in this run. Each is a ratio of two figures of this run (medians): throughput (ops/s, req/s) for \`>=\` goals, Redis CPU µs per operation or bytes for \`<=\` goals.`,
    '',
    table(
      ['target', 'goal', 'measured', 'met'],
      targets.map((t) => [t.what, t.goal, t.shown, t.met ? 'yes' : '**no**']),
    ),
    ...(reasons.length > 0
      ? ['', ...reasons.map((t) => `- Not measured, ${t.what}: ${t.reason}`)]
      : []),
  ].join('\n');
}

/** Every row of one store cycle, with its ratios to the floor and connect-redis on the same client. */
function storeTable<C extends Cycle>(rows: readonly StoreResult<C>[], cycle: C): string {
  const of = (r: StoreResult<C>, kind: string) =>
    rows.find((x) => x.subject.kind === kind && x.subject.client === r.subject.client);
  const hasConnect = rows.some((r) => r.subject.kind === 'connect-redis');
  const body = rows.map((r) => {
    const c = r[cycle];
    const raw = of(r, 'raw')?.[cycle];
    const connect = of(r, 'connect-redis')?.[cycle];
    return [
      r.subject.kind === 'vial' ? `**${r.subject.name}**` : r.subject.name,
      int(c.throughput.median),
      `${int(c.throughput.min)}–${int(c.throughput.max)}`,
      us(c.clientCpuUs),
      us(c.redisCpuUs),
      us(c.clientCpuUs + c.redisCpuUs),
      raw ? times(ratio(c.throughput.median, raw.throughput.median)) : 'n/a',
      ...(hasConnect
        ? [connect ? times(ratio(c.throughput.median, connect.throughput.median)) : 'n/a']
        : []),
      raw ? times(ratio(c.redisCpuUs, raw.redisCpuUs)) : 'n/a',
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
      'ops/s vs raw floor',
      ...(hasConnect ? ['ops/s vs connect-redis'] : []),
      'Redis CPU vs raw floor',
    ],
    body,
    'lrrrrrrrr',
  );
}

function commandTimesTable(part: Pick<StorePart, 'store' | 'storeSized'>): string {
  const line = (usPerCall: Readonly<Record<string, number>>) =>
    Object.entries(usPerCall)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => `${name} ${value.toFixed(2)}`)
      .join(', ');
  const rows: string[][] = [];
  for (const r of part.store) {
    rows.push([r.subject.name, 'load + change + save', line(r.write.usPerCall)]);
    rows.push([r.subject.name, 'load, no change', line(r.read.usPerCall)]);
  }
  for (const sized of part.storeSized) {
    for (const r of sized.store) {
      rows.push([r.subject.name, `load + change + save, ${sized.label}`, line(r.write.usPerCall)]);
    }
  }
  return table(['subject', 'cycle', 'µs inside Redis per call (commandstats)'], rows);
}

/** Section 1. */
export function storeSection(
  results: Pick<StorePart, 'store' | 'storeSized'> &
    Partial<Pick<StorePart, 'storeWait'>> & { readonly config: BenchConfig },
): string {
  const { concurrency, durationMs, sessions, sizedSessions, staggerSaves } = results.config.store;
  const lines = [
    '## 1. Store level',
    '',
    `${concurrency} operations in flight (a closed loop: each finished operation starts the next), ${durationMs / 1000} s per run, over ${int(sessions)} stored sessions per subject, one client connection per subject.`,
    'No HTTP: each store through its own API. vial: `vial.load(token)`, `set`, `save()`. connect-redis: `get`, then `set` (changed) or `touch` (unchanged), as express-session calls it.',
    'Raw floor: the same JSON as connect-redis stores, with the fewest commands that do the job and no library in between (GET + SET PX to change a field; GETEX PX to read and slide the expiry).',
    "vial keeps a session as a Redis list: a load is one `LRANGE`, a save one `RPUSHX` of the change; a script only now and then (a save whose read saw a long list compacts it; a save or load moves the expiry once per 1 % of the session's lifetime, about every 14 minutes for a one-day lifetime, which these runs, each on freshly stored sessions, hardly reach).",
    `Before the write cycle, session k of each vial subject is saved k mod ${staggerSaves} times (the other stores keep no history): operations go round the sessions in order, so without this all of vial's lists would grow in step and compact in the same round, and a run would hold a burst of compactions or none. Spread out, every run carries its share.`,
    'A small closed-loop driver instead of tinybench or mitata: those time operations one after another, not 64 sharing one connection.',
    '',
    'What the columns mean: **ops/s** is completed operations per second (median of the runs, and the range over them); **client CPU** is this process (library, client, parsing) per operation; **Redis CPU** is redis-server (`INFO cpu`, user + system) per operation; **total** their sum: both run on the same 2 cores, so it bounds throughput. **ops/s vs** is the throughput ratio to the raw floor or connect-redis on the same client (above 1 is faster); **Redis CPU vs raw floor** the ratio of Redis CPU per operation (below 1 is cheaper for Redis, which one core serves for every app server).',
    '',
    '### Load + change one field + save',
    '',
    storeTable(results.store, 'write'),
    '',
    '### Read-only: load, no change',
    '',
    storeTable(results.store, 'read'),
  ];
  if (results.storeSized.length > 0) {
    lines.push(
      '',
      '### Large sessions: load + change one small field + save',
      '',
      `The realistic fields plus one \`note\` field of the size named (random text, different in each session); each cycle changes \`visits\` only. ${int(sizedSessions)} stored sessions per subject. The raw floor reads and writes the whole JSON every cycle; vial reads the list and appends only the change, and now and then rewrites it whole: a save whose read saw 64 appended changes, or changes adding up to an eighth of the record (8 changes for a record up to 8 KiB), compacts the list (included in the figures, see below).`,
    );
    for (const sized of results.storeSized) {
      lines.push(
        '',
        `#### ${sized.label} session (${int(sized.sessionBytes)} bytes of JSON)`,
        '',
        storeTable(sized.store, 'write'),
      );
    }
  }
  if (results.storeWait !== undefined && results.storeWait.length > 0) {
    lines.push(
      '',
      '### With `wait: { replicas: 1 }`, against a real replica',
      '',
      "The same write cycle on the same Redis once a replica of it is running (started for this part only, on the same machine): the raw floor, vial, and vial with the drivers' `wait` option, which sends `WAIT 1 1000` after every write on the connection that made it and resolves only once the replica has it (see docs/production.md). Redis blocks a connection on `WAIT`, so the 64 operations of one subject, sharing one connection, queue behind each other's wait.",
      '',
      storeTable(results.storeWait, 'write'),
    );
  }
  lines.push(
    '',
    '### Where Redis spends its time',
    '',
    'Execution time of each command inside Redis (`INFO commandstats`, reset before each run; median over runs). For `EVALSHA` it is the whole Lua script, including the commands the script calls (also listed on their own). Socket reads and writes, which each command pays about alike, are not included: they are the difference between these figures and Redis CPU per operation above. A command that ran in only some runs is the median of the runs it ran in.',
    '',
    commandTimesTable(results),
  );
  return lines.join('\n');
}

/** The apps of one framework's tables. */
interface HttpGroup {
  readonly apps: (app: AppName) => boolean;
  readonly bare: AppName;
  /** What the baseline column compares with. */
  readonly label: string;
}

const EXPRESS: HttpGroup = {
  apps: (app) => !isFastifyApp(app),
  bare: 'bare',
  label: 'express-session, same store',
};
const FASTIFY: HttpGroup = {
  apps: isFastifyApp,
  bare: 'fastify-bare',
  label: '@fastify/session, same store',
};

function httpTable(http: readonly HttpResult[], route: Route, group: HttpGroup): string {
  const rate = (app: AppName | undefined) =>
    http.find((x) => x.app === app)?.routes[route].throughput.median ?? Number.NaN;
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
        const baseline = BASELINE_OF[r.app];
        return [
          r.app.startsWith('vial') ? `**${APP_LABELS[r.app]}**` : APP_LABELS[r.app],
          int(x.throughput.median),
          `${int(x.throughput.min)}–${int(x.throughput.max)}`,
          ms(x.p50),
          ms(x.p99),
          us(x.serverCpuUs),
          r.app.includes('redis') ? us(x.redisCpuUs) : '–',
          baseline ? times(ratio(x.throughput.median, rate(baseline))) : '–',
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
    "What the columns mean: **req/s** is completed requests per second (median, and the range over the runs); **p50**/**p99** latency; **server CPU** is the app's process per request; **Redis CPU** is redis-server per request; **vs express-session, same store** the throughput ratio to express-session on the same storage and client (MemoryStore, connect-redis 8.1 on ioredis, connect-redis 9 on node-redis); **vs bare** to the framework with no session at all.",
  ];
  if (http.some((r) => EXPRESS.apps(r.app))) {
    lines.push(
      '',
      "Express 5. express-session: `resave: false, saveUninitialized: false`, 1-day cookie; it calls `touch` (EXPIRE) on a request that changes nothing; connect-redis 8.1 on ioredis, connect-redis 9 on node-redis (9 supports node-redis only). @vial/express: defaults (rolling 1-day expiry, the cookie re-sent with each new expiry) and a signing secret like express-session's, on the ioredis and the node-redis driver.",
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

/** Section 3. */
export function lostSection(results: Pick<BenchResults, 'lostUpdates' | 'config'>): string {
  const requests = results.config.lostUpdates.requests;
  return [
    '## 3. Lost updates',
    '',
    `${requests} requests at once on one session (one cookie), request i setting key \`k<i>\`; then the keys the session holds are counted. Median of ${results.config.repeats} sessions. A store that writes the whole session back loses the keys of every writer whose save a later one overwrote; vial appends each change, so changes of different keys merge.`,
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

/** Commands per store operation (the second table of section 4; `--only store` prints it alone). */
export function storeCommandsTable(part: Pick<StorePart, 'storeCommands'>): string {
  const operation = (op: string, size?: string) => {
    const name =
      op === 'write' ? 'load + change + save' : op === 'read' ? 'load, no change' : 'new session';
    return size ? `${name}, ${size}` : name;
  };
  return table(
    ['subject', 'operation', 'round trips', 'commands sent', 'run inside scripts'],
    part.storeCommands.map((c) => [
      c.subject,
      operation(c.op, c.size),
      String(total(c.count.sent)),
      describeMix(c.count.sent),
      scripts(c.count),
    ]),
    'llrll',
  );
}

function commandsSection(results: BenchResults): string {
  const httpRows = results.httpCommands.map((c) => [
    APP_LABELS[c.app],
    REQUEST_TYPES.find((t) => t.id === c.type)?.label ?? c.type,
    String(total(c.count.sent)),
    describeMix(c.count.sent),
    scripts(c.count),
  ]);
  return [
    '## 4. Redis commands per request',
    '',
    `Counted with MONITOR on the bench's own Redis over ${results.config.commandSamples} requests of each type, not timed. Each command a client sends is one round trip (none of these stores pipelines within a request); commands that Lua scripts run inside Redis are listed apart. A fractional count is an average: a vial save that compacts the list sends one \`EVALSHA\` instead of its \`RPUSHX\`.`,
    '',
    table(
      ['app', 'request', 'round trips', 'commands sent', 'run inside scripts'],
      httpRows,
      'llrll',
    ),
    '',
    "Store level, per operation (after the measured runs, so vial's lists are as long as use made them):",
    '',
    storeCommandsTable(results),
  ].join('\n');
}

function memorySection(results: BenchResults): string {
  const m = results.redisMemory;
  const h = results.heap;
  const heapLines = isUnmeasured(h)
    ? [`Heap bytes per session of \`@vial/driver-memory\`: not measured in this run (${h.reason}).`]
    : [
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
      ];
  return [
    '## 5. Memory',
    '',
    `Redis \`MEMORY USAGE\` per session of the realistic payload (Redis ${m.redisVersion}, default settings, list-max-listpack-size ${m.listpackSize}), ${m.samples} sessions each, stored through \`vial.session()\` and \`save()\` on the ioredis driver, and through connect-redis 8.1's \`set\` (\`bench/src/memory/redis-memory.ts\`). vial stores the payload plus its token digest and creation time, as a list of one element; connect-redis the payload plus express-session's cookie (1 day, httpOnly, secure, sameSite lax), as a string. The stored bytes are the list's elements, or the string.`,
    '',
    table(
      ['store', 'MEMORY USAGE, bytes/session', 'stored bytes', 'ratio'],
      [
        [
          '**vial (ioredis driver)**',
          `${int(m.vial.usage)} (${int(m.vial.afterUpdate)} after one saved change, appended; ${int(m.vial.afterStep)} after the next load that moves the expiry, which compacts)`,
          int(m.vial.value),
          times(m.ratio),
        ],
        ['connect-redis 8.1', int(m.connectRedis.usage), int(m.connectRedis.value), '1.00x'],
      ],
      'lrrr',
    ),
    '',
    ...heapLines,
  ].join('\n');
}

const SCENARIO_LABELS: Record<HotResult['scenario'], string> = {
  distinct: 'distinct keys',
  reject: "conflict: 'reject'",
  held: 'one long-lived Session',
};

/** Section 6: the hot session (`--only hot` prints it alone). */
export function hotSection(
  results: HotPart & { readonly config: Pick<BenchConfig, 'hot'> },
): string {
  const { saves, writers, repeats, sequentialSaves, window, sampleEvery } = results.config.hot;
  const fewest = Math.min(...writers);
  const rows = results.hot;
  const reference = (r: HotResult) =>
    rows.find((x) => x.subject === r.subject && x.scenario === 'distinct' && x.writers === fewest);
  const body = rows.map((r) => {
    const few = r.scenario === 'distinct' && r.writers !== fewest ? reference(r) : undefined;
    const lost = `${r.lost.max} of ${r.keys}${r.lost.samples.length > 1 && r.lost.min !== r.lost.max ? ` (runs: ${r.lost.samples.join(', ')})` : ''}`;
    return [
      r.kind === 'vial' ? `**${r.subject}**` : r.subject,
      SCENARIO_LABELS[r.scenario],
      String(r.writers),
      int(r.throughput.median),
      `${int(r.throughput.min)}–${int(r.throughput.max)}`,
      few ? times(ratio(r.throughput.median, few.throughput.median)) : '–',
      us(r.clientCpuUs),
      us(r.redisCpuUs),
      r.longestList === null ? '–' : int(r.longestList),
      int(r.largestBytes),
      int(r.finalBytes),
      r.freshBytes === null ? '–' : int(r.freshBytes),
      r.freshBytes === null ? '–' : times(r.sizeRatio),
      lost,
    ];
  });
  const windows = rows.flatMap((r) =>
    r.window
      ? [
          [
            `**${r.subject}**`,
            us(r.window.firstSaveMs * 1000),
            us(r.window.lastSaveMs * 1000),
            times(ratio(r.window.lastSaveMs, r.window.firstSaveMs)),
            us(r.window.firstCycleMs * 1000),
            us(r.window.lastCycleMs * 1000),
            times(ratio(r.window.lastCycleMs, r.window.firstCycleMs)),
          ],
        ]
      : [],
  );
  const n = Math.min(window, sequentialSaves);
  return [
    '## 6. Hot session (contention)',
    '',
    `Many saves on one session (issue 24). **Distinct keys**: ${writers.join(' and then ')} workers at once share ${int(saves)} load/change/save cycles on one session holding the realistic payload, worker w setting its own key \`k<w>\` to its next counter value (vial: \`vial.load(token)\`, \`set\`, \`save()\`; connect-redis: \`get\`, then \`set\` of the whole session, as express-session calls it); afterwards every worker's key must hold the last value it wrote, and **updates lost** counts the keys that do not (connect-redis writes the whole JSON back, so the last writer wins). **conflict: 'reject'**: vial with that option, one writer, ${int(sequentialSaves)} cycles one after another. **One long-lived Session**: one Session object, loaded once, setting a counter and saving ${int(sequentialSaves)} times. Every run starts on a new session.`,
    `The stored size is read from Redis directly every ${sampleEvery} saves and at the end of a run: vial's list (the UTF-8 bytes of all its elements, and its length), connect-redis's string (STRLEN). **vs fresh** is the largest size seen over the size of the same final data stored as a new vial session. Distinct keys: saves/s and CPU are the median of ${repeats} run${repeats === 1 ? '' : 's'} (interleaved), sizes and lost updates the worst run; **vs ${fewest} writers** is the saves/s ratio to the same store with ${fewest}. CPU per cycle as in section 1 (one cycle is one save); Redis CPU includes the size reads (one \`LRANGE\` per ${sampleEvery} saves).`,
    '',
    table(
      [
        'subject',
        'scenario',
        'writers',
        'saves/s (median)',
        'range',
        `vs ${fewest} writers`,
        'client CPU µs/cycle',
        'Redis CPU µs/cycle',
        'longest list',
        'largest stored, bytes',
        'at the end, bytes',
        'fresh, bytes',
        'largest vs fresh',
        'updates lost',
      ],
      body,
      'llrrrrrrrrrrrl',
    ),
    ...(windows.length > 0
      ? [
          '',
          `### conflict: 'reject': the first and the last ${int(n)} cycles`,
          '',
          `Mean time of \`save()\` and of the whole cycle (load + change + save) over the first and the last ${int(n)} of the ${int(sequentialSaves)} cycles, µs.`,
          '',
          table(
            [
              'subject',
              `save, first ${int(n)}`,
              `save, last ${int(n)}`,
              'last vs first',
              `cycle, first ${int(n)}`,
              `cycle, last ${int(n)}`,
              'last vs first',
            ],
            windows,
            'lrrrrrr',
          ),
        ]
      : []),
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
    hotSection(results),
  ].join('\n\n')}\n`;
}
