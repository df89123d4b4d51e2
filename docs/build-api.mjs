// `pnpm run docs`: the API reference of every public package in packages/* (the
// same rule as publishing: not "private"), built by TypeDoc from the TSDoc
// comments into docs/api/. Any warning fails the build: an export that points
// at a type left out of the reference, an undocumented export, a broken link.
// TypeDoc runs on its own TypeScript 5.9 (TypeScript 7 has no compiler API).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const packagesDir = join(here, '..', 'packages');
const entryPoints = readdirSync(packagesDir)
  .map((name) => join(packagesDir, name))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .filter((dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private !== true)
  .flatMap((dir) => ['--entryPoints', dir]);

const result = spawnSync(
  join(here, 'node_modules', '.bin', 'typedoc'),
  ['--options', join(here, 'typedoc.json'), ...entryPoints, ...process.argv.slice(2)],
  { cwd: here, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
