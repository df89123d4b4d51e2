import {
  CorruptRecordError,
  type Driver,
  type NewRecord,
  type ReadOptions,
  type RecordDelta,
  type StoredRecord,
  type Touch,
  type UpdateResult,
  type UserIndex,
} from '@vial/core';
import { Basis } from './basis.js';
import { Closing } from './closing.js';
import { keyspace } from './keys.js';
import { type RedisDriverOptions, resolveRedisOptions } from './options.js';
import { encodeBase } from './record.js';
import { asText, asTexts } from './replies.js';
import { runScript, scripts } from './script.js';
import { groupBySlot } from './slot.js';
import type { RedisTransport } from './transport.js';
import { redisUserIndex } from './user-index.js';
import { waitForReplicas } from './wait.js';
import { isWrongType, recordOf, redisWrites, ttlOf } from './writes.js';

/** A vial driver over Redis, with every optional member. */
export interface RedisDriver extends Driver {
  readonly capabilities: { readonly conditionalUpdate: true; readonly recordLimit: true };
  readonly userIndex: UserIndex;
  sids(): AsyncIterable<string>;
  close(): Promise<void>;
}

/**
 * The one body of vial's Redis drivers, over a {@link RedisTransport}.
 *
 * A load is one `LRANGE`; a save one `RPUSHX` of the change (a script when
 * it also moves the expiry, once per 1 % of the idle window, makes the
 * record larger, is conditional, or compacts the list: see writes.ts); a
 * touch and a create one script each; a destroy one `UNLINK` per hash slot.
 * Every command touches one key. See record.ts for the layout and lua.ts for
 * the scripts.
 */
export function createRedisDriver(
  transport: RedisTransport,
  factory: string,
  options?: RedisDriverOptions,
): RedisDriver {
  const { prefix, scanCount, wait } = resolveRedisOptions(factory, options);
  const replicated = waitForReplicas(transport, factory, wait);
  const keys = keyspace(prefix);
  const send = (key: string, args: string[]) => transport.send(key, args);
  const closing = new Closing(transport.name);
  const index = redisUserIndex(send, keys);
  const writes = redisWrites(send, keys.session);

  async function read(sid: string, { now }: ReadOptions): Promise<StoredRecord | null> {
    closing.check('read');
    const key = keys.session(sid);
    try {
      return recordOf(key, asTexts(await send(key, ['LRANGE', key, '0', '-1'])), now);
    } catch (error) {
      if (isWrongType(error))
        throw new CorruptRecordError(`${key} is not a list`, { cause: error });
      throw error;
    }
  }

  async function create(sid: string, record: NewRecord): Promise<boolean> {
    closing.check('create');
    const key = keys.session(sid);
    const base = encodeBase(0, 1, record.expiresAt, record.fields);
    const ttl = ttlOf(record.expiresAt, record.now);
    if ((await runScript(send, scripts.create, key, [base, ttl])) !== 1) return false;
    if (replicated !== undefined) await replicated(key);
    if (record.basis !== undefined) {
      const { fields, expiresAt } = record;
      const known = { fields: new Map(fields), expiresAt, revision: 1, gen: 0, length: 1 };
      writes.created(record.basis, new Basis({ ...known, baseSize: base.length, tailSize: 0 }));
    }
    return true;
  }

  async function update(sid: string, delta: RecordDelta): Promise<UpdateResult> {
    closing.check('update');
    if (replicated === undefined) return writes.update(sid, delta);
    const result = await writes.update(sid, delta);
    // Only a write that happened waits: 'gone', 'conflict' and 'tooLarge' wrote nothing.
    if (result === 'ok') await replicated(keys.session(sid));
    return result;
  }

  async function touch(sid: string, touch: Touch): Promise<boolean> {
    closing.check('touch');
    return writes.touch(sid, touch);
  }

  async function destroy(sids: readonly string[]): Promise<number> {
    closing.check('destroy');
    if (sids.length === 0) return 0;
    const all = sids.map(keys.session);
    // On a cluster, one UNLINK per hash slot, so that revoking a user's sessions never fails with CROSSSLOT.
    const groups = transport.clustered ? groupBySlot(all) : [all];
    const counts = await Promise.all(
      groups.map(async (group) => {
        const count = await send(group[0] as string, ['UNLINK', ...group]);
        await replicated?.(group[0] as string);
        return count;
      }),
    );
    return counts.reduce<number>((sum, count) => sum + Number(count), 0);
  }

  async function* sids(): AsyncGenerator<string> {
    closing.check('sids');
    // SCAN may return a key twice (while the server rehashes, or a slot moves); the contract says once.
    const seen = new Set<string>();
    for (const master of await transport.masters()) {
      let cursor = '0';
      do {
        const args = ['SCAN', cursor, 'MATCH', keys.sessionPattern, 'COUNT', String(scanCount)];
        args.push('TYPE', 'list');
        const reply = await master(args);
        if (!Array.isArray(reply)) throw new TypeError('Unexpected reply from SCAN');
        cursor = asText(reply[0]);
        for (const key of asTexts(reply[1]) ?? []) {
          if (seen.has(key)) continue;
          seen.add(key);
          yield keys.sidOf(key);
        }
      } while (cursor !== '0');
    }
  }

  return {
    name: transport.name,
    capabilities: { conditionalUpdate: true, recordLimit: true },
    read,
    create,
    update,
    touch,
    destroy,
    userIndex: {
      add: async (...args) => {
        closing.check('userIndex.add');
        return index.add(...args);
      },
      list: async (...args) => {
        closing.check('userIndex.list');
        return index.list(...args);
      },
      remove: async (...args) => {
        closing.check('userIndex.remove');
        return index.remove(...args);
      },
    },
    sids,
    /** Refuses later calls; those in flight finish. The client stays open: it is yours. */
    close: () => closing.close(),
  };
}
