import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CorruptRecordError,
  type Driver,
  DriverClosedError,
  type NewRecord,
  type RecordDelta,
  type StoredRecord,
  type Touch,
  type UpdateResult,
  type UserIndex,
  type UserIndexEntry,
} from '@vial/core';
import { keyLock } from './key-lock.js';

/** A record as its file holds it (JSON). */
interface FileRecord {
  fields: [string, string][];
  expiresAt: number | null;
  revision: number;
}

const isRecord = (r: unknown): r is FileRecord => {
  const { fields, expiresAt, revision } = (r ?? {}) as Partial<FileRecord>;
  return (
    Array.isArray(fields) &&
    (expiresAt === null || Number.isSafeInteger(expiresAt)) &&
    Number.isSafeInteger(revision)
  );
};

/**
 * A vial driver that keeps each record, and each user's index, in a JSON
 * file of a directory it owns: a driver as a newcomer writes one from the
 * guide. Its operations await the file system between reading and writing,
 * so each runs under a per-key lock; that is atomic because only this
 * process uses the directory. Storage errors propagate; a file that is not
 * a record reads as `CorruptRecordError`. Subclasses in ../broken break one rule each.
 */
export class FileDriver implements Driver {
  readonly name: string = 'file';
  readonly capabilities = { conditionalUpdate: true };
  readonly userIndex: UserIndex;
  protected readonly lock = keyLock();
  protected closed = false;
  protected readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    readonly dir: string,
    protected readonly clock: () => number,
  ) {
    this.userIndex = {
      add: (userId, sid, expiresAt, now) =>
        this.user(
          'add',
          userId,
          (entries) => {
            entries.set(sid, expiresAt);
            return undefined;
          },
          now,
        ),
      list: (userId, now) =>
        this.user(
          'list',
          userId,
          (entries) => [...entries].map(([sid, expiresAt]) => ({ sid, expiresAt })),
          now,
        ),
      remove: (userId, sids) =>
        this.user(
          'remove',
          userId,
          (entries) => {
            for (const sid of sids) entries.delete(sid);
            return undefined;
          },
          Number.NEGATIVE_INFINITY,
        ),
    };
  }

  static async open(dir: string, clock: () => number): Promise<FileDriver> {
    await mkdir(dir, { recursive: true });
    return new FileDriver(dir, clock);
  }

  now(): number {
    return this.clock();
  }

  read(sid: string, { now }: { now: number }): Promise<StoredRecord | null> {
    return this.op('read', sid, async () => {
      const record = await this.load(sid, now);
      return (
        record && {
          fields: new Map(record.fields),
          expiresAt: record.expiresAt,
          revision: record.revision,
        }
      );
    });
  }

  create(sid: string, { fields, expiresAt, now }: NewRecord): Promise<boolean> {
    return this.op('create', sid, async () => {
      if ((await this.load(sid, now)) !== null) return false;
      await this.save(sid, { fields: [...fields], expiresAt, revision: 1 });
      return true;
    });
  }

  update(sid: string, delta: RecordDelta): Promise<UpdateResult> {
    return this.op('update', sid, async () => {
      const record = await this.load(sid, delta.now);
      if (record === null) return 'gone';
      if (delta.ifRevision !== undefined && delta.ifRevision !== record.revision) return 'conflict';
      const fields = new Map(record.fields);
      for (const name of delta.del) fields.delete(name);
      for (const [name, value] of delta.set) fields.set(name, value);
      const expiresAt = delta.expiresAt === undefined ? record.expiresAt : delta.expiresAt;
      await this.save(sid, { fields: [...fields], expiresAt, revision: record.revision + 1 });
      return 'ok';
    });
  }

  touch(sid: string, { expiresAt, now }: Touch): Promise<boolean> {
    return this.op('touch', sid, async () => {
      const record = await this.load(sid, now);
      if (record === null) return false;
      await this.save(sid, { ...record, expiresAt });
      return true;
    });
  }

  async destroy(sids: readonly string[]): Promise<number> {
    const now = this.clock();
    const removed = await Promise.all(
      sids.map((sid) =>
        this.op('destroy', sid, async () => {
          const live = (await this.load(sid, now)) !== null;
          await rm(this.path(sid), { force: true });
          return live ? 1 : 0;
        }),
      ),
    );
    return removed.reduce<number>((sum, n) => sum + n, 0);
  }

  async *sids(): AsyncIterable<string> {
    const now = this.clock();
    const live = await this.op('sids', '#dir', async () => {
      const sids = [];
      for (const name of await readdir(this.dir)) {
        const sid = Buffer.from(name.slice(2), 'base64url').toString();
        if (name.startsWith('r-') && (await this.lock(sid, () => this.load(sid, now))))
          sids.push(sid);
      }
      return sids;
    });
    yield* live;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Runs one operation under the lock of its key, refused once the driver is closed. */
  protected op<T>(name: string, key: string, task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new DriverClosedError(this.name, name));
    const running = this.lock(key, task);
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running)).catch(() => undefined);
    return running;
  }

  /** The file that holds the record of `sid`. */
  path(sid: string): string {
    return join(this.dir, `r-${Buffer.from(sid).toString('base64url')}`);
  }

  /** The record of `sid` if it is live at `now`; `null` when there is no file or it expired. */
  protected async load(sid: string, now: number): Promise<FileRecord | null> {
    const text = await readFile(this.path(sid), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (text === null) return null;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      throw new CorruptRecordError('its file is not JSON', { cause: error });
    }
    if (!isRecord(record)) throw new CorruptRecordError('its file holds no record');
    return record.expiresAt !== null && record.expiresAt <= now ? null : record;
  }

  protected save(sid: string, record: FileRecord): Promise<void> {
    return writeFile(this.path(sid), JSON.stringify(record));
  }

  /** Reads, changes and writes one user's index under its lock, pruning what expired at `now`. */
  protected user<T>(
    name: string,
    userId: string,
    change: (entries: Map<string, number | null>) => T,
    now: number,
  ): Promise<T> {
    const file = join(this.dir, `u-${Buffer.from(userId).toString('base64url')}`);
    return this.op(`userIndex.${name}`, `user:${userId}`, async () => {
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return '[]';
        throw error;
      });
      const entries = new Map(
        (JSON.parse(text) as UserIndexEntry[])
          .filter((e) => e.expiresAt === null || e.expiresAt > now)
          .map((e) => [e.sid, e.expiresAt]),
      );
      const result = change(entries);
      await writeFile(
        file,
        JSON.stringify([...entries].map(([sid, expiresAt]) => ({ sid, expiresAt }))),
      );
      return result;
    });
  }
}
