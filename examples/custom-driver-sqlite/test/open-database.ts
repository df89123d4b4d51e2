import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

// Built by scripts/native-addon.mjs when the tests run on a Node.js major other
// than the one pnpm compiled better-sqlite3 for at install time.
const addonForThisNode = join(
  import.meta.dirname,
  '..',
  'node_modules',
  '.cache',
  'better-sqlite3',
  `abi-${process.versions.modules}`,
  'build',
  'Release',
  'better_sqlite3.node',
);

/** A SQLite database (a file, or in memory by default), with the native addon that matches the running Node.js. */
export function openDatabase(file = ':memory:'): Database.Database {
  return new Database(
    file,
    existsSync(addonForThisNode) ? { nativeBinding: addonForThisNode } : {},
  );
}
