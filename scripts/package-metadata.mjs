// The publish metadata of every public package in packages/*, kept in one
// place so that a new package gets it too: repository (with its directory),
// homepage, bugs, licence, keywords, access, the shipped files (src/ too, so
// that the source maps resolve) and a prepack build guard. It also checks what
// cannot be filled in for you: a description, a README and one version line.
//
//   node scripts/package-metadata.mjs          write the fields
//   node scripts/package-metadata.mjs --check  change nothing; exit 1 listing what differs
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REPOSITORY = 'https://github.com/vial-sessions/vial';
const BASE_KEYWORDS = ['vial', 'session', 'sessions', 'typescript'];
const KEYWORDS = {
  '@vial/core': ['session-store', 'cookie', 'token', 'redis'],
  '@vial/driver-memory': ['session-store', 'memory', 'driver'],
  '@vial/driver-ioredis': ['session-store', 'redis', 'ioredis', 'redis-cluster', 'driver'],
  '@vial/driver-node-redis': ['session-store', 'redis', 'node-redis', 'redis-cluster', 'driver'],
  '@vial/redis': ['redis', 'lua', 'redis-cluster'],
  '@vial/driver-test-suite': ['driver', 'conformance', 'test-suite', 'vitest'],
  '@vial/http': ['http', 'cookie', 'set-cookie', 'signed-cookie'],
  '@vial/express': ['express', 'middleware', 'express-session', 'cookie'],
  '@vial/hono': ['hono', 'middleware', 'cookie'],
  '@vial/fastify': ['fastify', 'fastify-plugin', 'cookie'],
};
// Fields this script owns, written right after "license" when a package lacks them.
const OWNED = ['keywords', 'repository', 'homepage', 'bugs', 'publishConfig'];
const FILES = ['dist', 'src', '!dist/*.tsbuildinfo'];
const PREPACK = 'pnpm run build';

const check = process.argv.includes('--check');
const root = new URL('..', import.meta.url).pathname;

function publicPackages() {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() && existsSync(join(root, 'packages', entry.name, 'package.json')),
    )
    .map((entry) => {
      const directory = `packages/${entry.name}`;
      const file = join(root, directory, 'package.json');
      const text = readFileSync(file, 'utf8');
      return { directory, file, text, manifest: JSON.parse(text) };
    })
    .filter(({ manifest }) => manifest.private !== true);
}

function wanted(manifest, directory) {
  const extra = KEYWORDS[manifest.name] ?? [];
  return {
    license: 'MIT',
    keywords: [...new Set([...BASE_KEYWORDS, ...(manifest.keywords ?? []), ...extra])],
    repository: { type: 'git', url: `git+${REPOSITORY}.git`, directory },
    homepage: `${REPOSITORY}#readme`,
    bugs: `${REPOSITORY}/issues`,
    publishConfig: { ...manifest.publishConfig, access: 'public' },
    files: FILES,
    scripts: { prepack: PREPACK, ...manifest.scripts },
  };
}

// Rebuilds the object so that existing keys keep their place and missing
// owned keys land after "license", keeping merges with other branches small.
function apply(manifest, fields) {
  const out = {};
  for (const [key, value] of Object.entries(manifest)) {
    out[key] = key in fields ? fields[key] : value;
    if (key === 'license') {
      for (const owned of OWNED) if (!(owned in manifest)) out[owned] = fields[owned];
    }
  }
  for (const [key, value] of Object.entries(fields)) if (!(key in out)) out[key] = value;
  return out;
}

const problems = [];
const packages = publicPackages();
for (const { directory, file, text, manifest } of packages) {
  if (!manifest.description) problems.push(`${directory}: add a "description" to package.json`);
  if (!existsSync(join(root, directory, 'README.md')))
    problems.push(`${directory}: add a README.md`);
  const next = `${JSON.stringify(apply(manifest, wanted(manifest, directory)), null, 2)}\n`;
  if (next === text) continue;
  if (check)
    problems.push(`${directory}: publish metadata differs; run node scripts/package-metadata.mjs`);
  else {
    writeFileSync(file, next);
    console.log(`updated ${directory}/package.json`);
  }
}

// One version line: every public package is in the changesets "fixed" group,
// which keeps them equal from the first `changeset version` on.
const versions = new Set(packages.map(({ manifest }) => manifest.version));
if (versions.size > 1) {
  const list = packages.map(({ manifest }) => `${manifest.name}@${manifest.version}`).join(', ');
  problems.push(`public packages must share one version; found ${list}`);
}

for (const problem of problems) console.error(problem);
if (problems.length > 0) process.exit(1);
console.log(
  `${packages.length} public packages: publish metadata ${check ? 'in place' : 'written'}`,
);
