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
} from '@vial/core';
import { keyLock } from './key-lock.js';

/** A record as its file holds it (JSON). */
export interface FileRecord {
  fields: [string, string][];
  expiresAt: number | null;
  revision: number;
}

type Entries = Map<string, number | null>;

const name = (prefix: string, key: string) => `${prefix}${Buffer.from(key).toString('base64url')}`;

/**
 * A vial driver that keeps each record, and each user's index, in a JSON
 * file of a directory it owns: a driver as a newcomer writes one from the
 * guide. Its operations await the file system between reading and writing,
 * so each runs under a per-key lock, which is atomic because only this
 * process uses the directory. Storage errors propagate; a file that is not a
 * record makes `read` throw `CorruptRecordError`. The classes of
 * ../broken/file-drivers.ts each override one step to break one rule.
 */
export class FileDriver implements Driver {
  readonly name: string = 'file';
  readonly capabilities = { conditionalUpdate: true };
  readonly userIndex: UserIndex = {
    add: (userId, sid, expiresAt, now) =>
      this.user('add', userId, now, (entries) => void entries.set(sid, expiresAt)),
    list: (userId, now) =>
      this.user('list', userId, now, (entries) =>
        [...entries].map(([sid, expiresAt]) => ({ sid, expiresAt })),
      ),
    remove: (userId, sids) =>
      this.user('remove', userId, Number.NEGATIVE_INFINITY, (entries) => {
        for (const sid of sids) entries.delete(sid);
      }),
  };
  protected readonly lock = keyLock();
  protected closed = false;
  protected readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    readonly dir: string,
    protected readonly clock: () => number,
  ) {}

  /** A driver over `dir`, which it creates if missing. */
  static async open<D extends FileDriver>(
    this: new (
      dir: string,
      clock: () => number,
    ) => D,
    dir: string,
    clock: () => number,
  ): Promise<D> {
    await mkdir(dir, { recursive: true });
    return new this(dir, clock);
  }

  now(): number {
    return this.clock();
  }

  read(sid: string, { now }: { now: number }): Promise<StoredRecord | null> {
    return this.op('read', sid, async () => {
      const record = await this.load(sid, now);
      if (record === null) return null;
      return {
        fields: new Map(record.fields),
        expiresAt: record.expiresAt,
        revision: record.revision,
      };
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
      for (const field of delta.del) fields.delete(field);
      for (const [field, value] of delta.set) fields.set(field, value);
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
    const each = sids.map((sid) =>
      this.op('destroy', sid, async () => {
        const live = (await this.load(sid, now)) !== null;
        await this.remove(this.path(sid));
        return live ? 1 : 0;
      }),
    );
    return (await Promise.all(each)).reduce<number>((sum, n) => sum + n, 0);
  }

  async *sids(): AsyncIterable<string> {
    const now = this.clock();
    const live = await this.op('sids', '#dir', async () => {
      const sids = [];
      for (const file of await readdir(this.dir)) {
        const sid = Buffer.from(file.slice(2), 'base64url').toString();
        if (file.startsWith('r-') && (await this.lock(sid, () => this.load(sid, now)))) {
          sids.push(sid);
        }
      }
      return sids;
    });
    yield* live;
  }

  /** Lets operations in flight finish; any later call rejects with `DriverClosedError`. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
  }

  /** The file that holds the record of `sid`. */
  path(sid: string): string {
    return join(this.dir, name('r-', sid));
  }

  /** Runs one operation under the lock of its key, refused once the driver is closed. */
  protected op<T>(operation: string, key: string, task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new DriverClosedError(this.name, operation));
    const running = this.lock(key, task);
    this.inFlight.add(running);
    void running.then(
      () => this.inFlight.delete(running),
      () => this.inFlight.delete(running),
    );
    return running;
  }

  /** The record of `sid` if it is live at `now`; `null` when there is none or it expired. */
  protected async load(sid: string, now: number): Promise<FileRecord | null> {
    const text = await this.readText(this.path(sid));
    const record = text === null ? null : this.parse(text);
    return record && (record.expiresAt === null || record.expiresAt > now) ? record : null;
  }

  /** The record a file holds; throws `CorruptRecordError` when it holds none. */
  protected parse(text: string): FileRecord | null {
    let record: Partial<FileRecord>;
    try {
      record = JSON.parse(text);
    } catch (error) {
      throw new CorruptRecordError('its file is not JSON', { cause: error });
    }
    const { fields, expiresAt, revision } = record;
    const valid = expiresAt === null || Number.isSafeInteger(expiresAt);
    if (!Array.isArray(fields) || !valid || !Number.isSafeInteger(revision)) {
      throw new CorruptRecordError('its file holds no record');
    }
    return record as FileRecord;
  }

  protected save(sid: string, record: FileRecord): Promise<void> {
    return this.writeText(this.path(sid), JSON.stringify(record));
  }

  /** Reads, changes and writes one user's index under its lock, pruning what expired at `now`. */
  protected user<T>(
    op: string,
    userId: string,
    now: number,
    change: (e: Entries) => T,
  ): Promise<T> {
    const file = join(this.dir, name('u-', userId));
    return this.op(`userIndex.${op}`, `user:${userId}`, async () => {
      const stored: [string, number | null][] = JSON.parse((await this.readText(file)) ?? '[]');
      const entries: Entries = new Map(stored.filter(([, at]) => at === null || at > now));
      const result = change(entries);
      await this.writeText(file, JSON.stringify([...entries]));
      return result;
    });
  }

  /** A file's text, or `null` when there is no such file; other errors propagate. */
  protected async readText(path: string): Promise<string | null> {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  protected writeText(path: string, text: string): Promise<void> {
    return writeFile(path, text);
  }

  protected remove(path: string): Promise<void> {
    return rm(path, { force: true });
  }
}
