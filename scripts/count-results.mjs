// Sums the vitest JSON reports of every workspace package into one plain line,
// "N passed, N failed". The packages come from the workspace itself
// (`pnpm ls -r`), so a package added anywhere is counted. A package with a
// `test` script but no report (its run stopped early), one that ran no test,
// or one whose run failed outside any test counts as failed.
//
//   node scripts/count-results.mjs          count the reports
//   node scripts/count-results.mjs --clean  delete them first (before a run)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const REPORT = 'test-results.json';

function workspacePackages() {
  const listing = execFileSync('pnpm', ['ls', '-r', '--json', '--depth=-1'], {
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  // The root's own `test` script is the turbo run that produced the reports.
  const root = execFileSync('pnpm', ['root', '-w'], { encoding: 'utf8' })
    .trim()
    .replace(/\/node_modules$/, '');
  return JSON.parse(listing)
    .map((entry) => entry.path)
    .filter((path) => path !== root);
}

function hasTests(dir) {
  const manifest = join(dir, 'package.json');
  return existsSync(manifest) && Boolean(JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test);
}

const packages = workspacePackages().filter(hasTests);

if (process.argv.includes('--clean')) {
  for (const dir of packages) rmSync(join(dir, REPORT), { force: true });
  process.exit(0);
}

/**
 * The first few tests of a report that did not pass, each with the first line
 * of its error: a CI log is often read from its tail, where this line lands.
 */
function failuresOf(result, limit = 5) {
  const lines = [];
  for (const file of result.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'passed') continue;
      const reason = String(test.failureMessages?.[0] ?? test.status).split('\n')[0];
      lines.push(`${test.fullName}: ${reason.slice(0, 300)}`);
    }
  }
  const more = lines.length > limit ? [`… and ${lines.length - limit} more`] : [];
  return [...lines.slice(0, limit), ...more];
}

let passed = 0;
let failed = 0;
const problems = [];
for (const dir of packages) {
  const name = relative(process.cwd(), dir) || '.';
  const report = join(dir, REPORT);
  if (!existsSync(report)) {
    problems.push(`${name}: no test report (its tests did not run to the end)`);
    failed += 1;
    continue;
  }
  const result = JSON.parse(readFileSync(report, 'utf8'));
  const notPassed = result.numTotalTests - result.numPassedTests;
  passed += result.numPassedTests;
  failed += notPassed;
  if (result.numTotalTests === 0) {
    problems.push(`${name}: ran no test`);
    failed += 1;
  }
  if (notPassed > 0) {
    problems.push(`${name}: ${notPassed} of ${result.numTotalTests} did not pass`);
    problems.push(...failuresOf(result).map((line) => `    ${line}`));
  }
  if (result.success === false && notPassed === 0 && result.numTotalTests > 0) {
    problems.push(`${name}: the run failed outside any test (a setup or suite error)`);
    failed += 1;
  }
}
console.log(`  ${packages.length} workspace packages with tests`);
for (const problem of problems) console.log(`  ${problem}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
