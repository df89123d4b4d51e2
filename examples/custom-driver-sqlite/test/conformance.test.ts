import { describeDriver } from '@vial/driver-test-suite';
import type Database from 'better-sqlite3';
import { sqliteDriver } from '../src/index.js';
import { openDatabase } from './open-database.js';

const opened: Database.Database[] = [];

// One in-memory database per driver: the isolation the suite asks of createDriver.
// The driver judges expiry by the `now` it is given, so the virtual clock works.
describeDriver({
  name: 'sqlite',
  capabilities: { userIndex: true, iterate: true, conditionalUpdate: true },
  clock: 'virtual',
  createDriver: async ({ clock }) => {
    const db = openDatabase();
    opened.push(db);
    return sqliteDriver(db, { clock });
  },
  cleanup: async () => {
    for (const db of opened.splice(0)) db.close();
  },
});
