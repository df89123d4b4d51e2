// Checks an unpacked tarball as a user receives it: LICENSE and README are in,
// package.json has no workspace: ranges left and names its repository
// directory, and every source map and declaration map points only at files
// that are in the tarball (the maps name ../src, which is shipped).
//
//   node check-tarball.mjs DIR   (DIR holds the tarball's package/ folder)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(process.argv[2], 'package');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const problems = [];

for (const file of ['LICENSE', 'README.md']) {
  if (!existsSync(join(root, file))) problems.push(`${file} is missing`);
}
for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
  for (const [name, range] of Object.entries(manifest[field] ?? {})) {
    if (String(range).startsWith('workspace:')) problems.push(`${field}.${name} is still ${range}`);
  }
}
for (const field of ['description', 'homepage', 'bugs', 'keywords']) {
  if (!manifest[field]) problems.push(`package.json has no ${field}`);
}
if (!manifest.repository?.directory) problems.push('package.json has no repository.directory');
if (manifest.license !== 'MIT') problems.push(`license is ${manifest.license}`);

let maps = 0;
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.map')) {
      maps += 1;
      const map = JSON.parse(readFileSync(path, 'utf8'));
      for (const source of map.sources) {
        const target = join(dirname(path), map.sourceRoot ?? '', source);
        if (!existsSync(target))
          problems.push(`${relative(root, path)} points at ${source}, not in the tarball`);
      }
    }
  }
}
walk(root);
if (maps === 0) problems.push('no source maps found (expected .js.map and .d.ts.map beside dist/)');

if (problems.length > 0) {
  console.error(`${manifest.name}@${manifest.version}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `  ${manifest.name}@${manifest.version}: LICENSE, README, metadata, ${maps} maps resolve`,
);
