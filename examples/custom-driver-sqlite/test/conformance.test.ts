import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DescribeDriverOptions,
  describeDriver,
  describeWithVial,
} from '@vial/driver-test-suite';
import type Database from 'better-sqlite3';
import { type SqliteDriver, sqliteDriver } from '../src/index.js';
import { openDatabase } from './open-database.js';

// One database file per driver, in a temporary directory that cleanup removes
// after each entry point (and createDriver makes again): the isolation the
// suite asks of createDriver. The driver judges expiry by the `now` it is
// given, so the virtual clock works.
const dir = join(tmpdir(), `vial-sqlite-${process.pid}`);
const databases = new Map<SqliteDriver, Database.Database>();
let files = 0;

const options: DescribeDriverOptions<SqliteDriver> = {
  name: 'sqlite',
  features: ['userIndex', 'sids', 'conditionalUpdate', 'close', 'recordLimit'],
  clock: 'virtual',
  createDriver: async ({ clock }) => {
    mkdirSync(dir, { recursive: true });
    const db = openDatabase(join(dir, `${files++}.db`));
    db.pragma('journal_mode = WAL');
    const driver = sqliteDriver(db, { clock });
    databases.set(driver, db);
    return driver;
  },
  cleanup: async () => {
    for (const db of databases.values()) db.close();
    databases.clear();
    await rm(dir, { recursive: true, force: true });
  },
  // Closing the database under the driver: every statement then throws.
  breakStorage: async (driver) => void databases.get(driver)?.close(),
  // A record row whose expiry and revision are not numbers.
  corruptRecord: async (driver, sid) => {
    databases.get(driver)?.prepare("REPLACE INTO vial_records VALUES (?, 'soon', 'x')").run(sid);
  },
};

describeDriver(options);
describeWithVial(options);
// The real-clock mode too, as a store with its own clock runs it (the virtual one is enough for SQLite).
describeDriver({ ...options, name: 'sqlite (real clock)', clock: 'real' });
