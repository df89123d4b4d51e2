/**
 * `node dist/cli.js [--smoke] [--only store|hot] [--out FILE] [--chart FILE] [--json FILE]`
 *
 * Runs the benchmark and writes the report. The full run writes
 * BENCHMARKS.md at the repository root, its chart to
 * bench/results/benchmarks.svg and the raw figures to
 * bench/results/latest.json. With `--out`, the chart and the JSON default
 * to files beside the report instead (the smoke test writes to a temp dir).
 *
 * `--only store` runs the store part alone (both cycles, the large sessions,
 * commands per operation) at the chosen sizes, prints its targets and tables
 * to stdout and writes nothing unless `--json` names a file: for iterating
 * on the drivers in minutes rather than a whole run's quarter hour.
 * `--only hot` does the same for the hot session (many saves on one
 * session: contention, list growth, lost updates).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FULL, SMOKE } from './config.js';
import { stderrLog } from './log.js';
import { barChart } from './report/chart.js';
import { chartGroups } from './report/groups.js';
import {
  hotSection,
  renderMarkdown,
  storeCommandsTable,
  storeSection,
  targetsSection,
} from './report/markdown.js';
import type { Target } from './results.js';
import { runBench, runHotOnly, runStoreOnly } from './run.js';
import { checkTargets, hotTargets, storeTargets } from './targets.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    chart: { type: 'string' },
    json: { type: 'string' },
  },
});
if (values.only !== undefined && values.only !== 'store' && values.only !== 'hot') {
  throw new Error(
    `--only takes 'store' or 'hot' (for the HTTP part alone, use dist/http-cli.js); got ${JSON.stringify(values.only)}`,
  );
}

const config = values.smoke ? SMOKE : FULL;
const log = stderrLog();

if (values.only === 'store') {
  const started = Date.now();
  const part = await runStoreOnly(config, log);
  const targets = storeTargets(part);
  process.stdout.write(
    `${[
      targetsSection(targets),
      storeSection({ ...part, config }),
      `Commands per store operation:\n\n${storeCommandsTable(part)}`,
    ].join('\n\n')}\n`,
  );
  if (values.json) {
    await writeFile(
      values.json,
      `${JSON.stringify({ config, ...withSubjectNames(part), targets }, mapsAsObjects, 2)}\n`,
    );
  }
  logTargets(targets);
  log(`store part done in ${Math.round((Date.now() - started) / 1000)} s`);
} else if (values.only === 'hot') {
  const started = Date.now();
  const part = await runHotOnly(config, log);
  const targets = hotTargets(part, config);
  process.stdout.write(
    `${[targetsSection(targets), hotSection({ ...part, config })].join('\n\n')}\n`,
  );
  if (values.json) {
    await writeFile(values.json, `${JSON.stringify({ config, ...part, targets }, null, 2)}\n`);
  }
  logTargets(targets);
  log(`hot session part done in ${Math.round((Date.now() - started) / 1000)} s`);
} else {
  const out = resolve(values.out ?? join(ROOT, 'BENCHMARKS.md'));
  const beside = values.out !== undefined;
  const chart = resolve(
    values.chart ??
      (beside ? join(dirname(out), 'benchmarks.svg') : join(ROOT, 'bench/results/benchmarks.svg')),
  );
  const json = resolve(
    values.json ??
      (beside ? join(dirname(out), 'benchmarks.json') : join(ROOT, 'bench/results/latest.json')),
  );
  const results = await runBench(config, log);
  const targets = checkTargets(results);
  for (const file of [out, chart, json]) await mkdir(dirname(file), { recursive: true });
  await writeFile(chart, barChart(chartGroups(results)));
  await writeFile(out, renderMarkdown(results, targets, relative(dirname(out), chart)));
  await writeFile(
    json,
    `${JSON.stringify({ ...withSubjectNames(results), targets }, mapsAsObjects, 2)}\n`,
  );
  log(`wrote ${out}, ${chart}, ${json}`);
  logTargets(targets);
}

function logTargets(targets: readonly Target[]): void {
  for (const t of targets)
    log(`target ${t.met ? 'met   ' : 'MISSED'} ${t.what}: ${t.shown} (goal ${t.goal})`);
}

/** The store results with each subject as its name (a subject holds functions and clients). */
function withSubjectNames<
  T extends {
    store: readonly { subject: { name: string } }[];
    storeSized: readonly { store: readonly { subject: { name: string } }[] }[];
  },
>(results: T) {
  const named = <R extends { subject: { name: string } }>(rows: readonly R[]) =>
    rows.map((r) => ({ ...r, subject: r.subject.name }));
  return {
    ...results,
    store: named(results.store),
    storeSized: results.storeSized.map((s) => ({ ...s, store: named(s.store) })),
  };
}

/** JSON.stringify replacer: Maps (command mixes) as plain objects. */
function mapsAsObjects(_key: string, value: unknown): unknown {
  return value instanceof Map ? Object.fromEntries(value) : value;
}
