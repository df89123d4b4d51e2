// Makes sure better-sqlite3 has a native addon for the Node.js that runs the
// tests. pnpm compiled one at install time for that Node.js (20 here); when
// the tests run on another major (CI also runs Node.js 24), this compiles one
// more, offline, from the package's bundled sources and the running Node.js's
// own headers, into node_modules/.cache/better-sqlite3/abi-<N>/. Tests open
// their databases through test/open-database.ts, which picks it up.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const abi = process.versions.modules;
const cacheDir = join(
  import.meta.dirname,
  '..',
  'node_modules',
  '.cache',
  'better-sqlite3',
  `abi-${abi}`,
);
const addon = join(cacheDir, 'build', 'Release', 'better_sqlite3.node');

function defaultAddonLoads() {
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
    return true;
  } catch (error) {
    if (
      /NODE_MODULE_VERSION|ERR_DLOPEN_FAILED|compiled against/.test(
        `${error.code} ${error.message}`,
      )
    )
      return false;
    throw error;
  }
}

/** node-gyp ships inside npm and pnpm; find either from PATH. */
function findNodeGyp() {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const tool of ['npm', 'pnpm']) {
      const bin = join(dir, tool);
      if (!existsSync(bin)) continue;
      let at = dirname(realpathSync(bin));
      for (let up = 0; up < 4; up++, at = dirname(at)) {
        for (const rel of [
          'node_modules/node-gyp/bin/node-gyp.js',
          'dist/node_modules/node-gyp/bin/node-gyp.js',
        ]) {
          if (existsSync(join(at, rel))) return join(at, rel);
        }
      }
    }
  }
  return null;
}

if (defaultAddonLoads() || existsSync(addon)) process.exit(0);

const runningNodeDir = resolve(dirname(process.execPath), '..');
const gyp = findNodeGyp();
if (gyp === null || !existsSync(join(runningNodeDir, 'include', 'node', 'node_api.h'))) {
  console.error(
    `better-sqlite3 has no addon for Node.js ${process.version} (ABI ${abi}) and none can be built here: ` +
      `${gyp === null ? 'node-gyp was not found beside npm or pnpm' : `no headers under ${runningNodeDir}/include/node`}. ` +
      'Run `pnpm rebuild better-sqlite3` with this Node.js.',
  );
  process.exit(1);
}
console.log(
  `Compiling better-sqlite3 for Node.js ${process.version} (ABI ${abi}) into ${cacheDir}`,
);
const source = dirname(require.resolve('better-sqlite3/package.json'));
cpSync(source, cacheDir, {
  recursive: true,
  filter: (path) => !path.startsWith(join(source, 'build')),
});

// Node.js 24.19 made node::ObjectWrap (inlined into addons from this header)
// register an environment cleanup hook and remove it in its destructor, which
// CHECKs for a current Environment. better-sqlite3 12 statements collected by
// a GC outside any context then abort the process ("Assertion failed: (env)
// != nullptr", fixed upstream in better-sqlite3 13, which needs Node.js 22).
// Build against a copy of the headers with the pre-24.19 ObjectWrap instead.
const nodeDir = join(cacheDir, 'node-headers');
cpSync(join(runningNodeDir, 'include', 'node'), join(nodeDir, 'include', 'node'), {
  recursive: true,
});
const wrapHeader = join(nodeDir, 'include', 'node', 'node_object_wrap.h');
writeFileSync(
  wrapHeader,
  readFileSync(wrapHeader, 'utf8').replace(
    /^(\s*)(Add|Remove)CleanupHook\(\);$/gm,
    '$1// $2CleanupHook(); (see scripts/native-addon.mjs)',
  ),
);

const built = spawnSync(process.execPath, [gyp, 'rebuild', '--release', `--nodedir=${nodeDir}`], {
  cwd: cacheDir,
  stdio: ['ignore', 'ignore', 'pipe'],
  encoding: 'utf8',
});
if (built.status !== 0 || !existsSync(addon)) {
  console.error(`${built.stderr}\nnode-gyp failed (exit ${built.status}) to build ${addon}`);
  process.exit(1);
}
