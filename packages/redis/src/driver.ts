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
import { Closing } from './closing.js';
import { keyspace } from './keys.js';
import { type RedisDriverOptions, resolveRedisOptions } from './options.js';
import {
  encodeBase,
  encodeChange,
  encodeTouch,
  MalformedRecord,
  type ParsedRecord,
  parseRecord,
} from './record.js';
import { asText, asTexts } from './replies.js';
import { runScript, scripts } from './script.js';
import { groupBySlot } from './slot.js';
import type { RedisTransport } from './transport.js';
import { redisUserIndex } from './user-index.js';

/** A vial driver over Redis, with every optional member. */
export interface RedisDriver extends Driver {
  readonly capabilities: { readonly conditionalUpdate: true };
  readonly userIndex: UserIndex;
  sids(): AsyncIterable<string>;
  close(): Promise<void>;
}

/**
 * When a write rewrites the list as one base element: any write that moves
 * the expiry and so runs a script anyway (once per 1 % of `ttl`); a save
 * once 8 elements follow a base of up to 8 KiB, since every element costs
 * each later load more than an occasional rewrite costs (measured); and for
 * a larger base, once the elements after it reach an eighth of its size or
 * number 64, so that it is rewritten whole only once every many saves.
 */
const COMPACT_AFTER = 8;
const SMALL_BASE = 8192;
const COMPACT_ALWAYS_AFTER = 64;

/** The basis a read hands back for a compacting save: the list as this driver parsed it. */
class Basis {
  constructor(readonly record: ParsedRecord) {}
}

function isWrongType(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('WRONGTYPE');
}

/** The PEXPIRE argument for `expiresAt`, or `-` (PERSIST) for never. */
function ttlOf(expiresAt: number | null, now: number): string {
  return expiresAt === null ? '-' : String(Math.round(expiresAt - now));
}

function outcome(reply: unknown): UpdateResult {
  const code = Number(reply);
  if (code === 1) return 'ok';
  if (code === 0) return 'gone';
  if (code === -1) return 'conflict';
  throw new TypeError(`Unexpected reply from a vial script: ${String(reply)}`);
}

function shouldCompact({ length, baseSize, tailSize }: ParsedRecord, scripted: boolean): boolean {
  const tail = length - 1;
  if (tail === 0) return false;
  if (scripted || tail >= COMPACT_ALWAYS_AFTER) return true;
  return tail >= COMPACT_AFTER && (baseSize <= SMALL_BASE || tailSize * 8 >= baseSize);
}

/** The compacting script's arguments: what the read saw, the merged base, the change, the expiry. */
function compactArgs(
  record: ParsedRecord,
  fields: ReadonlyMap<string, string>,
  revision: number,
  expiresAt: number | null,
  change: string,
  ttl: string,
): string[] {
  const base = encodeBase(record.gen + 1, revision, expiresAt, fields);
  return [String(record.gen), String(record.length), base, change, ttl];
}

/**
 * The one body of vial's Redis drivers, over a {@link RedisTransport}.
 *
 * A load is one `LRANGE`; a save one `RPUSHX` of the change (a script when
 * it also moves the expiry, once per 1 % of the idle window, or compacts the
 * list, now and then); a touch and a create one script each; a destroy one
 * `UNLINK` per hash slot. Every command touches one key. See record.ts for
 * the layout and lua.ts for the scripts.
 */
export function createRedisDriver(
  transport: RedisTransport,
  factory: string,
  options?: RedisDriverOptions,
): RedisDriver {
  const { prefix, scanCount } = resolveRedisOptions(factory, options);
  const keys = keyspace(prefix);
  const send = (key: string, args: string[]) => transport.send(key, args);
  const closing = new Closing(transport.name);
  const index = redisUserIndex(send, keys);

  async function read(sid: string, { now }: ReadOptions): Promise<StoredRecord | null> {
    closing.check('read');
    const key = keys.session(sid);
    let parsed: ParsedRecord | null;
    try {
      const elements = asTexts(await send(key, ['LRANGE', key, '0', '-1']));
      if (elements === null) throw new MalformedRecord('LRANGE did not answer a list');
      parsed = parseRecord(elements);
    } catch (error) {
      if (isWrongType(error))
        throw new CorruptRecordError(`${key} is not a list`, { cause: error });
      if (error instanceof MalformedRecord) {
        throw new CorruptRecordError(`${key} ${error.message}`, { cause: error });
      }
      throw error;
    }
    if (parsed === null || (parsed.expiresAt !== null && parsed.expiresAt <= now)) return null;
    const { fields, expiresAt, revision } = parsed;
    return { fields, expiresAt, revision, basis: new Basis(parsed) };
  }

  async function create(sid: string, record: NewRecord): Promise<boolean> {
    closing.check('create');
    const key = keys.session(sid);
    const base = encodeBase(0, 1, record.expiresAt, record.fields);
    return (
      (await runScript(send, scripts.create, key, [base, ttlOf(record.expiresAt, record.now)])) ===
      1
    );
  }

  async function update(sid: string, delta: RecordDelta): Promise<UpdateResult> {
    closing.check('update');
    const key = keys.session(sid);
    const { set, del, expiresAt, now, ifRevision, basis } = delta;
    const change = encodeChange(set, del, expiresAt);
    const ttl = expiresAt === undefined ? '' : ttlOf(expiresAt, now);
    try {
      if (ifRevision !== undefined) {
        return outcome(
          await runScript(send, scripts.appendIfRevision, key, [String(ifRevision), change, ttl]),
        );
      }
      if (basis instanceof Basis && shouldCompact(basis.record, expiresAt !== undefined)) {
        const { record } = basis;
        const fields = new Map(record.fields);
        for (const [name, value] of set) fields.set(name, value);
        for (const name of del) fields.delete(name);
        const final = expiresAt === undefined ? record.expiresAt : expiresAt;
        const args = compactArgs(record, fields, record.revision + 1, final, change, ttl);
        return outcome(await runScript(send, scripts.compact, key, args));
      }
      if (expiresAt !== undefined) {
        return outcome(await runScript(send, scripts.appendExpire, key, [change, ttl]));
      }
      // RPUSHX answers the new length, 0 when the key is gone.
      return Number(await send(key, ['RPUSHX', key, change])) > 0 ? 'ok' : 'gone';
    } catch (error) {
      // Something else took the key: there is no session to save into.
      if (isWrongType(error)) return 'gone';
      throw error;
    }
  }

  async function touch(sid: string, { expiresAt, now, basis }: Touch): Promise<boolean> {
    closing.check('touch');
    const key = keys.session(sid);
    const change = encodeTouch(expiresAt);
    const ttl = ttlOf(expiresAt, now);
    try {
      if (basis instanceof Basis && shouldCompact(basis.record, true)) {
        const { record } = basis;
        const args = compactArgs(record, record.fields, record.revision, expiresAt, change, ttl);
        return (await runScript(send, scripts.compact, key, args)) === 1;
      }
      return (await runScript(send, scripts.appendExpire, key, [change, ttl])) === 1;
    } catch (error) {
      if (isWrongType(error)) return false;
      throw error;
    }
  }

  async function destroy(sids: readonly string[]): Promise<number> {
    closing.check('destroy');
    if (sids.length === 0) return 0;
    const all = sids.map(keys.session);
    // On a cluster, one UNLINK per hash slot, so that revoking a user's sessions never fails with CROSSSLOT.
    const groups = transport.clustered ? groupBySlot(all) : [all];
    const counts = await Promise.all(
      groups.map((group) => send(group[0] as string, ['UNLINK', ...group])),
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
    capabilities: { conditionalUpdate: true },
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
