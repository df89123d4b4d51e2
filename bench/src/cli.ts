/**
 * `node dist/cli.js [--smoke] [--out FILE] [--chart FILE] [--json FILE]`
 *
 * Runs the benchmark and writes the report. The full run writes
 * BENCHMARKS.md at the repository root, its chart to
 * bench/results/benchmarks.svg and the raw figures to
 * bench/results/latest.json. With `--out`, the chart and the JSON default
 * to files beside the report instead (the smoke test writes to a temp dir).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FULL, SMOKE } from './config.js';
import { stderrLog } from './log.js';
import { barChart } from './report/chart.js';
import { chartGroups } from './report/groups.js';
import { renderMarkdown } from './report/markdown.js';
import { runBench } from './run.js';
import { checkTargets } from './targets.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    out: { type: 'string' },
    chart: { type: 'string' },
    json: { type: 'string' },
  },
});

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

const log = stderrLog();
const results = await runBench(values.smoke ? SMOKE : FULL, log);
const targets = checkTargets(results);
for (const file of [out, chart, json]) await mkdir(dirname(file), { recursive: true });
await writeFile(chart, barChart(chartGroups(results)));
await writeFile(out, renderMarkdown(results, targets, relative(dirname(out), chart)));
await writeFile(
  json,
  `${JSON.stringify({ ...results, store: results.store.map((r) => ({ ...r, subject: r.subject.name })), targets }, mapsAsObjects, 2)}\n`,
);
log(`wrote ${out}, ${chart}, ${json}`);
for (const t of targets)
  log(`target ${t.met ? 'met   ' : 'MISSED'} ${t.what}: ${t.shown} (goal ${t.goal})`);

/** JSON.stringify replacer: Maps (command mixes) as plain objects. */
function mapsAsObjects(_key: string, value: unknown): unknown {
  return value instanceof Map ? Object.fromEntries(value) : value;
}
