// Applies the README's Redis swap to its quick start: the swap block's
// imports go after the quick start's imports and its `const vial = ...` line
// replaces the quick start's. Fails when either side lost its shape, so the
// README cannot drift from what this test runs.
//
//   node redis-variant.mjs app.js redis-swap.js > app-redis.js
import { readFileSync } from 'node:fs';

const [appFile, swapFile] = process.argv.slice(2);
const app = readFileSync(appFile, 'utf8').split('\n');
const swap = readFileSync(swapFile, 'utf8').split('\n');

const isVial = (line) => line.startsWith('const vial = new Vial(');
const swapImports = swap.filter((line) => line.startsWith('import '));
const swapVial = swap.filter(isVial);
const appVial = app.filter(isVial);
const lastImport = app.findLastIndex((line) => line.startsWith('import '));
if (swapImports.length === 0 || swapVial.length !== 1 || appVial.length !== 1 || lastImport < 0) {
  console.error(
    `cannot apply the Redis swap: the quick start needs imports and one "const vial = new Vial(" line ` +
      `(found ${appVial.length}); the swap block needs imports (found ${swapImports.length}) and one such line (found ${swapVial.length})`,
  );
  process.exit(1);
}
const out = [...app.slice(0, lastImport + 1), ...swapImports, ...app.slice(lastImport + 1)].map(
  (line) => (isVial(line) ? swapVial[0] : line),
);
process.stdout.write(out.join('\n'));
