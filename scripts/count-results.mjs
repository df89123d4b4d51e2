// Sums the vitest JSON reports of every package into one plain line,
// "N passed, N failed", and fails when a package ran no test or any failed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
const problems = [];
for (const group of ['packages', 'examples']) {
  if (!existsSync(group)) continue;
  for (const name of readdirSync(group)) {
    const dir = join(group, name);
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    if (!JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) continue;
    const report = join(dir, 'test-results.json');
    if (!existsSync(report)) {
      problems.push(`${dir}: no test report (its tests did not run to the end)`);
      failed += 1;
      continue;
    }
    const result = JSON.parse(readFileSync(report, 'utf8'));
    const notPassed = result.numTotalTests - result.numPassedTests;
    passed += result.numPassedTests;
    failed += notPassed;
    if (result.numTotalTests === 0) problems.push(`${dir}: ran no test`);
    if (notPassed > 0) problems.push(`${dir}: ${notPassed} of ${result.numTotalTests} did not pass`);
    if (result.success === false && notPassed === 0) {
      problems.push(`${dir}: the run failed outside any test (a setup or suite error)`);
      failed += 1;
    }
  }
}
for (const problem of problems) console.log(`  ${problem}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
