import type { ExpiryPolicy, ReadOptions, RecordDelta } from '@vial/core';
import { type RedisServer, redisCli, startRedisServer } from '@vial/test-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createArgs,
  decodeCreate,
  decodeRead,
  decodeUpdate,
  keyspace,
  type RedisScript,
  readArgs,
  scripts,
  updateArgs,
} from '../src/index.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server.stop());

/** Runs a script through redis-cli (RESP2, JSON output) so no Redis client library is needed. */
async function run(script: RedisScript, key: string, args: string[]): Promise<unknown> {
  const out = await redisCli(server.port, [
    '-2',
    '--json',
    'eval',
    script.source,
    '1',
    key,
    ...args,
  ]);
  // redis-cli prints an error reply as `error:"<message>"`.
  if (out.startsWith('error:')) throw new Error(JSON.parse(out.slice('error:'.length)));
  return JSON.parse(out);
}

const cli = async (...args: string[]) => (await redisCli(server.port, args)).trim();

async function create(
  key: string,
  fields: ReadonlyMap<string, string>,
  expiry: ExpiryPolicy,
  now: number,
) {
  return decodeCreate(await run(scripts.create, key, createArgs({ fields, expiry, now })));
}

async function read(key: string, options: ReadOptions) {
  return decodeRead(await run(scripts.read, key, readArgs(options)), options);
}

async function update(key: string, delta: RecordDelta) {
  return decodeUpdate(await run(scripts.update, key, updateArgs(delta)));
}

const awkward = new Map([
  ['', 'empty name'],
  ['__proto__', '{"polluted":true}'],
  ['a:b*c?[d]', ''],
  ['line\nbreak', 'multi\nline\r\nvalue'],
  ['unicode ✓ 日本', '"héllo 🌍"'],
  ['007', '007'],
  ['{tag}', '[]'],
  ['12:3:', '5:x'],
]);

describe('the record scripts', () => {
  const ks = keyspace('test:');
  const now = 1_800_000_000_000;
  const expiry = { idleMs: 60_000, deadline: null };

  it('round-trip names and values of any bytes, in order', async () => {
    const key = ks.session('roundtrip');
    expect(await create(key, awkward, expiry, now)).toBe(true);
    const record = await read(key, { now, touch: false });
    expect(record?.fields).toEqual(awkward);
    expect([...(record?.fields.keys() ?? [])]).toEqual([...awkward.keys()]);
    expect(record?.expiresAt).toBe(now + 60_000);
    expect(record?.revision).toBe(1);
  });

  it('store the documented layout, lengths in UTF-8 bytes', async () => {
    const key = ks.session('layout');
    await create(
      key,
      new Map([
        ['a', '"é"'],
        ['', ''],
      ]),
      { idleMs: 60_000, deadline: now + 90_000 },
      now,
    );
    expect(await cli('get', key)).toBe(`60000,${now + 90_000},00${now + 60_000},1\n1:4:a"é"0:0:`);
  });

  it('refuse to create over a live record and leave it untouched', async () => {
    const key = ks.session('collide');
    await create(key, new Map([['a', '1']]), expiry, now);
    expect(await create(key, new Map([['b', '2']]), expiry, now)).toBe(false);
    const record = await read(key, { now, touch: false });
    expect(record?.fields).toEqual(new Map([['a', '1']]));
  });

  it('create over a record that is expired by core’s clock, but not over a foreign value', async () => {
    const key = ks.session('expired-by-clock');
    await create(key, new Map([['a', '1']]), expiry, now);
    expect(await create(key, new Map([['b', '2']]), expiry, now + 60_000)).toBe(true);
    expect((await read(key, { now: now + 60_000, touch: false }))?.fields).toEqual(
      new Map([['b', '2']]),
    );
    const foreign = ks.session('foreign');
    await cli('set', foreign, 'not a record');
    expect(await create(foreign, new Map([['a', '1']]), expiry, now)).toBe(false);
    expect(await cli('get', foreign)).toBe('not a record');
  });

  it('store nothing for a record created already past its deadline', async () => {
    const key = ks.session('born-dead');
    const created = await create(
      key,
      new Map([['a', '1']]),
      { idleMs: 60_000, deadline: now - 1 },
      now,
    );
    expect(created).toBe(true);
    expect(await cli('exists', key)).toBe('0');
  });

  it('keep a record that never expires without a TTL', async () => {
    const key = ks.session('forever');
    await create(key, new Map([['a', '1']]), { idleMs: null, deadline: null }, now);
    expect(await cli('pttl', key)).toBe('-1');
    const record = await read(key, { now: now + 10 ** 9, touch: true });
    expect(record?.expiresAt).toBeNull();
    expect(
      await update(key, {
        set: new Map([['b', '2']]),
        del: [],
        expiry: { idleMs: null, deadline: null },
        now,
      }),
    ).toBe('ok');
    expect(await cli('pttl', key)).toBe('-1');
  });

  it('merge an update into the record, bump the revision and honour ifRevision', async () => {
    const key = ks.session('update');
    await create(
      key,
      new Map([
        ['a', '1'],
        ['b', '2'],
      ]),
      expiry,
      now,
    );
    const delta = {
      set: new Map([
        ['c', '3'],
        ['a', '9'],
      ]),
      del: ['b'],
      expiry,
      now: now + 10,
    };
    expect(await update(key, { ...delta, ifRevision: 7 })).toBe('conflict');
    expect(await update(key, { ...delta, ifRevision: 1 })).toBe('ok');
    const record = await read(key, { now: now + 10, touch: false });
    expect([...(record?.fields ?? [])]).toEqual([
      ['a', '9'],
      ['c', '3'],
    ]);
    expect(record?.revision).toBe(2);
    expect(record?.expiresAt).toBe(now + 10 + 60_000);
    expect(await update(key, { ...delta, ifRevision: 1 })).toBe('conflict');
  });

  it('replace, delete and add awkward fields anywhere in the record, as a Map would', async () => {
    const key = ks.session('awkward-update');
    await create(key, awkward, expiry, now);
    const model = new Map(awkward);
    const deltas: RecordDelta[] = [
      // First, middle and last fields; a name that looks like a length prefix.
      { set: new Map([['', 'now set']]), del: ['12:3:'], expiry, now },
      {
        set: new Map([
          ['line\nbreak', '✓✓'],
          ['new 🌍', ''],
        ]),
        del: ['007'],
        expiry,
        now,
      },
      // Same byte length as other names ('{tag}' and 'a:b*c' are both 5 bytes).
      {
        set: new Map([
          ['{tag}', '{"a":1}'],
          ['a:b*c', 'x'],
        ]),
        del: ['__proto__'],
        expiry,
        now,
      },
      { set: new Map(), del: ['', 'absent', 'unicode ✓ 日本'], expiry, now },
      {
        set: new Map([
          ['__proto__', 'back'],
          ['', ''],
        ]),
        del: [],
        expiry,
        now,
      },
    ];
    for (const [i, delta] of deltas.entries()) {
      for (const name of delta.del) model.delete(name);
      for (const [name, value] of delta.set) model.set(name, value);
      expect(await update(key, delta)).toBe('ok');
      const record = await read(key, { now, touch: false });
      expect([...(record?.fields ?? [])]).toEqual([...model]);
      expect(record?.revision).toBe(i + 2);
    }
  });

  it('answer gone for an absent or expired record and do not recreate it', async () => {
    const key = ks.session('absent');
    const delta = { set: new Map([['a', '1']]), del: [], expiry, now };
    expect(await update(key, delta)).toBe('gone');
    expect(await cli('exists', key)).toBe('0');
    const old = ks.session('old');
    await create(old, new Map([['a', '1']]), expiry, now);
    expect(await update(old, { ...delta, now: now + 60_000 })).toBe('gone');
    expect(await read(old, { now: now + 59_999, touch: false })).not.toBeNull();
  });

  it('delete the record when an update moves its expiry to the past', async () => {
    const key = ks.session('update-past-deadline');
    await create(key, new Map([['a', '1']]), expiry, now);
    const past = { idleMs: 60_000, deadline: now };
    expect(await update(key, { set: new Map(), del: [], expiry: past, now: now + 5 })).toBe('ok');
    expect(await cli('exists', key)).toBe('0');
  });

  it('slide the expiry on a touching read, capped by the deadline, and set the Redis TTL', async () => {
    const key = ks.session('touch');
    const policy = { idleMs: 60_000, deadline: now + 90_000 };
    await create(key, new Map([['a', '1']]), policy, now);
    const slid = await read(key, { now: now + 20_000, touch: true });
    expect(slid?.expiresAt).toBe(now + 80_000);
    // What the read reported is what it stored.
    expect((await read(key, { now: now + 20_000, touch: false }))?.expiresAt).toBe(now + 80_000);
    const capped = await read(key, { now: now + 50_000, touch: true });
    expect(capped?.expiresAt).toBe(now + 90_000);
    expect(capped?.revision).toBe(1);
    // Redis's TTL is relative: expiresAt - now of the last write.
    const pttl = Number(await cli('pttl', key));
    expect(pttl).toBeGreaterThan(39_000);
    expect(pttl).toBeLessThanOrEqual(40_000);
    expect(await read(key, { now: now + 90_000, touch: false })).toBeNull();
  });

  it('reject a key that does not hold a vial record', async () => {
    const key = ks.session('garbage');
    await cli('set', key, 'not a record');
    await expect(run(scripts.read, key, readArgs({ now, touch: true }))).rejects.toThrow(
      /does not hold a vial record/,
    );
    await expect(
      run(scripts.update, key, updateArgs({ set: new Map(), del: [], expiry, now })),
    ).rejects.toThrow(/does not hold a vial record/);
  });

  it('are named by the SHA1 that SCRIPT LOAD returns', async () => {
    for (const script of Object.values(scripts)) {
      const sha = await redisCli(server.port, ['script', 'load', script.source]);
      expect(sha.trim()).toBe(script.sha1);
    }
  });
});
