import { eventually, redisCli, startRedisServer } from '@vial/test-redis';
import type { Redis } from 'ioredis';
import type { BenchConfig } from '../config.js';
import type { Log } from '../log.js';
import { expressSessionObject, sizedSessionData } from '../payload.js';
import { type CommandCount, commandTimes, countCommands } from '../redis/commands.js';
import { redisCpuSeconds } from '../redis/cpu.js';
import type { StoreSubject } from './subject.js';
import { storeSubjects, waitSubjects } from './subjects.js';
import { type RedisProbe, runStoreSuite, type StoreResult } from './suite.js';

/** Commands one store operation costs. */
export interface StoreCommands {
  readonly subject: string;
  readonly op: 'create' | 'write' | 'read';
  /** The large-session case (`50 KB`), or absent for the realistic payload. */
  readonly size?: string;
  readonly count: CommandCount;
}

/** The write cycle of every subject on one large payload. */
export interface SizedStoreResults {
  /** `5 KB`, `50 KB`: the size of the `note` field. */
  readonly label: string;
  readonly noteChars: number;
  /** Length of the session's JSON as the raw floor stores it (cookie included), bytes. */
  readonly sessionBytes: number;
  readonly store: readonly StoreResult<'write'>[];
}

/** What the store part of a run measured. */
export interface StorePart {
  /** Every subject, both cycles, on the realistic payload. */
  readonly store: readonly StoreResult[];
  /** The raw floors and vial, write cycle, on each large payload. */
  readonly storeSized: readonly SizedStoreResults[];
  readonly storeCommands: readonly StoreCommands[];
  /** The write cycle with and without the drivers' `wait`, on a primary with one replica. */
  readonly storeWait: readonly StoreResult<'write'>[];
}

/**
 * The store part of a run on the Redis at `url` (`admin` reads its CPU time
 * and command statistics): both cycles of every subject on the realistic
 * session, then the write cycle of the raw floors and vial on each large
 * session, then the commands each operation sends (MONITOR).
 */
export async function runStorePart(
  url: string,
  admin: Redis,
  config: BenchConfig,
  log: Log,
): Promise<StorePart> {
  const probe: RedisProbe = {
    cpuSeconds: () => redisCpuSeconds(admin),
    resetCommandStats: async () => {
      await admin.config('RESETSTAT');
    },
    usPerCall: async () => commandTimes(await admin.info('commandstats')),
  };
  const stores = await storeSubjects(url);
  try {
    const store = await runStoreSuite(stores.subjects, config, log, probe);
    const storeSized: SizedStoreResults[] = [];
    const sizedSubjects = new Map<string, readonly StoreSubject[]>();
    for (const { label, noteChars } of config.store.sizes) {
      const payload = sizedSessionData(noteChars);
      const subjects = stores.sized(payload, label.replace(/\W/g, ''));
      sizedSubjects.set(label, subjects);
      const results = await runStoreSuite(subjects, config, log, probe, {
        cycles: ['write'],
        sessions: config.store.sizedSessions,
        label,
      });
      const sessionBytes = Buffer.byteLength(JSON.stringify(expressSessionObject(0, payload)));
      storeSized.push({ label, noteChars, sessionBytes, store: results });
    }

    const storeCommands: StoreCommands[] = [];
    const count = async (subject: StoreSubject, op: StoreCommands['op'], size?: string) => {
      const counted = await countCommands(url, config.commandSamples, (i) => subject[op](i));
      storeCommands.push({ subject: subject.name, op, ...(size ? { size } : {}), count: counted });
    };
    for (const subject of stores.subjects) {
      for (const op of ['create', 'write', 'read'] as const) await count(subject, op);
    }
    for (const [size, subjects] of sizedSubjects) {
      for (const subject of subjects) await count(subject, 'write', size);
    }
    const storeWait = await runWaitPart(url, config, log, probe);
    return { store, storeSized, storeCommands, storeWait };
  } finally {
    await stores.close();
  }
}

/**
 * The write cycle with `wait: { replicas: 1 }` beside the plain one, against
 * a real replica of the bench's Redis started for it (and stopped after, so
 * that the other parts run without one).
 */
async function runWaitPart(
  url: string,
  config: BenchConfig,
  log: Log,
  probe: RedisProbe,
): Promise<StoreResult<'write'>[]> {
  const primaryPort = new URL(url).port;
  const replica = await startRedisServer({ args: ['--replicaof', '127.0.0.1', primaryPort] });
  try {
    await eventually(async () => {
      const info = await redisCli(replica.port, ['info', 'replication']);
      if (!info.includes('master_link_status:up')) throw new Error('replica not in sync yet');
    }, 30_000);
    const stores = await waitSubjects(url);
    try {
      return await runStoreSuite(stores.subjects, config, log, probe, {
        cycles: ['write'],
        label: 'wait',
      });
    } finally {
      await stores.close();
    }
  } finally {
    await replica.stop();
  }
}
