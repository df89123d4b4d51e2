import {
  CorruptRecordError,
  type RecordDelta,
  type StoredRecord,
  type Touch,
  type UpdateResult,
} from '@vial/core';
import { Basis, fieldBytes } from './basis.js';
import { encodeChange, encodeTouch, MalformedRecord, parseRecord } from './record.js';
import { asTexts } from './replies.js';
import { runScript, scripts } from './script.js';

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

/**
 * A write that leaves the list this long reads it afresh and compacts it:
 * the bound where no basis can. Soon for a session object that keeps
 * saving without one that follows the list (it created the session, or
 * others wrote between its writes), at the price of a read now and then;
 * for a request's one save that lost track among concurrent writers, only
 * at twice the length a basis compacts at, since those writers compact the
 * list anyway and a read each would double their work.
 */
const FORCE_UNTRACKED = 2 * COMPACT_AFTER;
const FORCE_WITH_BASIS = 2 * COMPACT_ALWAYS_AFTER;

function forceAt(basis: Basis | undefined): number {
  if (basis === undefined) return FORCE_UNTRACKED;
  return (basis.stale || basis.lost) && basis.writes > 1 ? FORCE_UNTRACKED : FORCE_WITH_BASIS;
}

/** Attempts of a save refused by the size bound of a stale view: the last one reads afresh. */
const SIZE_ATTEMPTS = 2;

/** Replies of the save script (lua.ts). */
const GONE = 0;
const CONFLICT = -1;
const TOO_LARGE = -2;
const COMPACTED_ALONE = 2;
const COMPACTED_WITH_TAIL = 3;
const APPENDED_STALE = 4;

/** The PEXPIRE argument for `expiresAt`, or `-` (PERSIST) for never. */
export function ttlOf(expiresAt: number | null, now: number): string {
  return expiresAt === null ? '-' : String(Math.round(expiresAt - now));
}

export function isWrongType(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('WRONGTYPE');
}

/** Whether a write based on `basis` should compact the list; `eager` when it runs a script anyway. */
function shouldCompact(basis: Basis, eager: boolean): boolean {
  const tail = basis.length - 1;
  if (tail === 0) return false;
  if (eager || tail >= COMPACT_ALWAYS_AFTER) return true;
  return (
    tail >= COMPACT_AFTER && (basis.baseSize <= SMALL_BASE || basis.tailSize * 8 >= basis.baseSize)
  );
}

/** What one write asks of the save script. */
interface Write {
  readonly set: ReadonlyMap<string, string>;
  readonly del: readonly string[];
  readonly expiresAt: number | null | undefined;
  /** The element to append: a change or a touch. */
  readonly element: string;
  readonly ttl: string;
  readonly ifRevision: number | undefined;
  readonly maxBytes: number | undefined;
}

function numbers(reply: unknown): [number, number] {
  if (!Array.isArray(reply))
    throw new TypeError(`Unexpected reply from the vial save script: ${String(reply)}`);
  return [Number(reply[0]), Number(reply[1])];
}

const NO_FIELDS: ReadonlyMap<string, string> = new Map();

/** A write of the expiry alone (a touch, `element`), or of nothing (a compaction, `''`). */
function expiryWrite(element: string, ttl: string, expiresAt: number | null | undefined): Write {
  return {
    set: NO_FIELDS,
    del: [],
    expiresAt,
    element,
    ttl,
    ifRevision: undefined,
    maxBytes: undefined,
  };
}

/** Upper bound of the bytes `set` adds to a record whose old values are unknown. */
function entryBytes(set: ReadonlyMap<string, string>): number {
  let bytes = 0;
  for (const [name, value] of set) bytes += fieldBytes(name, value);
  return bytes;
}

/**
 * A session's writes: `update` and `touch`. The common save is one plain
 * `RPUSHX`; the save script (lua.ts) runs when a write must check something
 * (the revision, the size of a write that makes the record larger) or
 * compacts the list.
 */
export function redisWrites(
  send: (key: string, args: string[]) => Promise<unknown>,
  sessionKey: (sid: string) => string,
) {
  // A session this process created has no read's basis: its basis is kept by the object core hands back.
  const kept = new WeakMap<object, Basis>();
  /** Reads the list afresh as a basis; `null` when it is gone. */
  async function readBasis(key: string): Promise<Basis | null> {
    const elements = asTexts(await send(key, ['LRANGE', key, '0', '-1']));
    try {
      const parsed = elements === null ? null : parseRecord(elements);
      return parsed === null ? null : new Basis(parsed);
    } catch (error) {
      if (error instanceof MalformedRecord) return null;
      throw error;
    }
  }

  /** Runs the save script; keeps `basis` current; answers its status and the list's length. */
  async function save(
    key: string,
    write: Write,
    basis: Basis | undefined,
    compact: boolean,
    check: boolean,
  ): Promise<[status: number, length: number]> {
    const known = basis !== undefined && !basis.stale ? basis : undefined;
    const body = compact && known ? known.body(write.set, write.del, write.expiresAt) : '';
    // The base as the script stores it when nothing was appended since the read (the usual case).
    const counted = write.element.charCodeAt(0) === 100 ? 1 : 0;
    const header = known ? `${known.gen + 1}:${known.revision + counted}:` : '';
    const size = check && known ? known.bytes + known.growth(write.set, write.del) : 0;
    const args = [
      write.element,
      write.ttl,
      known ? String(known.gen) : '',
      known ? String(known.length) : '',
      known ? String(known.revision) : '',
      write.ifRevision === undefined ? '' : String(write.ifRevision),
      check && write.maxBytes !== undefined ? String(write.maxBytes) : '',
      String(size),
      String(entryBytes(write.set)),
      body === '' ? '' : header + body,
      String(header.length),
    ];
    const reply = numbers(await runScript(send, scripts.save, key, args));
    const [status, length] = reply;
    if (status <= GONE || basis === undefined) return reply;
    if (status === APPENDED_STALE) {
      basis.stale = true;
      basis.writes += 1;
    } else if (status === COMPACTED_ALONE || status === COMPACTED_WITH_TAIL) {
      const revision = basis.revision + (status === COMPACTED_ALONE ? counted : 0);
      basis.compacted(write.set, write.del, write.expiresAt, revision, body);
    } else if (write.element !== '') {
      basis.appended(write.set, write.del, write.expiresAt, write.element, length);
    }
    return reply;
  }

  /**
   * After a write that Redis acknowledged left the list `length` long: past
   * the bound for `basis`, reads the list and compacts it, and the fresh
   * basis replaces what core handed back (`given`). Best effort: the write
   * stands whatever happens here.
   */
  async function followUp(
    key: string,
    length: number,
    basis: Basis | undefined,
    given: unknown,
  ): Promise<void> {
    if (length <= forceAt(basis)) return;
    try {
      const fresh = await readBasis(key);
      if (fresh === null) return;
      if (
        fresh.length > 1 &&
        (await save(key, expiryWrite('', '', undefined), fresh, true, false))[0] <= GONE
      ) {
        return;
      }
      adopt(given, basis, fresh);
    } catch {
      // The next write that finds the list long tries again.
      if (basis !== undefined) basis.stale = true;
    }
  }

  /** The driver's basis for what core handed back: a read's, or the one kept for a session object. */
  function basisOf(given: unknown): Basis | undefined {
    if (given instanceof Basis) return given;
    return typeof given === 'object' && given !== null ? kept.get(given) : undefined;
  }

  /** A fresh basis replaces what core handed back: the read's `basis`, or the one kept for `given`. */
  function adopt(given: unknown, basis: Basis | undefined, fresh: Basis): void {
    if (basis !== undefined) basis.replaceWith(fresh);
    else if (typeof given === 'object' && given !== null) kept.set(given, fresh);
  }

  async function update(sid: string, delta: RecordDelta): Promise<UpdateResult> {
    const key = sessionKey(sid);
    const { set, del, expiresAt, now, ifRevision, maxBytes } = delta;
    const basis = basisOf(delta.basis);
    const known = basis !== undefined && !basis.stale ? basis : undefined;
    const element = encodeChange(set, del, expiresAt);
    const ttl = expiresAt === undefined ? '' : ttlOf(expiresAt, now);
    const write: Write = { set, del, expiresAt, element, ttl, ifRevision, maxBytes };
    // Only a save that makes the record larger can take it past the limit.
    const check = maxBytes !== undefined && (known ? known.growth(set, del) > 0 : set.size > 0);
    const compact = known !== undefined && shouldCompact(known, expiresAt !== undefined);
    try {
      if (!check && !compact && ifRevision === undefined) {
        // Each answers the list's new length, 0 when the key is gone.
        const reply =
          expiresAt === undefined
            ? await send(key, ['RPUSHX', key, element])
            : await runScript(send, scripts.appendExpire, key, [element, ttl]);
        const length = Number(reply);
        if (length === 0) return 'gone';
        basis?.appended(set, del, expiresAt, element, length);
        await followUp(key, length, basis, delta.basis);
        return 'ok';
      }
      let [status, length] = await save(key, write, basis, compact, check);
      for (let attempt = 1; status === TOO_LARGE && attempt < SIZE_ATTEMPTS; attempt++) {
        // Judged against a view that may hold history or others' changes: read the list as it is.
        const fresh = await readBasis(key);
        if (fresh === null) return 'gone';
        const growth = fresh.growth(set, del);
        if (growth > 0 && fresh.bytes + growth > (maxBytes ?? Number.POSITIVE_INFINITY)) {
          return 'tooLarge';
        }
        [status, length] = await save(key, write, fresh, true, growth > 0);
        adopt(delta.basis, basis, fresh);
      }
      if (status === GONE) return 'gone';
      if (status === CONFLICT) return 'conflict';
      if (status === TOO_LARGE) return 'tooLarge';
      await followUp(key, length, basisOf(delta.basis), delta.basis);
      return 'ok';
    } catch (error) {
      // Something else took the key: there is no session to save into.
      if (isWrongType(error)) return 'gone';
      throw error;
    }
  }

  async function touch(sid: string, { expiresAt, now, basis: given }: Touch): Promise<boolean> {
    const key = sessionKey(sid);
    const basis = basisOf(given);
    const element = encodeTouch(expiresAt);
    const write = expiryWrite(element, ttlOf(expiresAt, now), expiresAt);
    try {
      if (basis !== undefined && !basis.stale && shouldCompact(basis, true)) {
        const [status, length] = await save(key, write, basis, true, false);
        if (status <= GONE) return false;
        await followUp(key, length, basis, given);
        return true;
      }
      const args = [element, write.ttl];
      const length = Number(await runScript(send, scripts.appendExpire, key, args));
      if (length === 0) return false;
      basis?.appended(NO_FIELDS, [], expiresAt, element, length);
      await followUp(key, length, basis, given);
      return true;
    } catch (error) {
      if (isWrongType(error)) return false;
      throw error;
    }
  }

  /**
   * Keeps the basis of a record this driver just created for the object
   * core will hand back with its later writes (`NewRecord.basis`).
   */
  function created(given: unknown, basis: Basis): void {
    if (typeof given === 'object' && given !== null) kept.set(given, basis);
  }

  return { update, touch, created };
}

/** A read's answer with this driver's basis; `CorruptRecordError` for a list vial did not write. */
export function recordOf(key: string, elements: string[] | null, now: number): StoredRecord | null {
  let parsed: ReturnType<typeof parseRecord>;
  try {
    if (elements === null) throw new MalformedRecord('LRANGE did not answer a list');
    parsed = parseRecord(elements);
  } catch (error) {
    if (error instanceof MalformedRecord) {
      throw new CorruptRecordError(`${key} ${error.message}`, { cause: error });
    }
    throw error;
  }
  if (parsed === null || (parsed.expiresAt !== null && parsed.expiresAt <= now)) return null;
  const { fields, expiresAt, revision } = parsed;
  return { fields, expiresAt, revision, basis: new Basis(parsed) };
}
