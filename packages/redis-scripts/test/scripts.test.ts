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
  return JSON.parse(out);
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
    expect(
      decodeCreate(await run(scripts.create, key, createArgs({ fields: awkward, expiry, now }))),
    ).toBe(true);
    const record = decodeRead(await run(scripts.read, key, readArgs({ now, touch: false })));
    expect(record?.fields).toEqual(awkward);
    expect([...(record?.fields.keys() ?? [])]).toEqual([...awkward.keys()]);
    expect(record?.expiresAt).toBe(now + 60_000);
    expect(record?.revision).toBe(1);
  });

  it('refuse to create over a live record and leave it untouched', async () => {
    const key = ks.session('collide');
    await run(scripts.create, key, createArgs({ fields: new Map([['a', '1']]), expiry, now }));
    const again = await run(
      scripts.create,
      key,
      createArgs({ fields: new Map([['b', '2']]), expiry, now }),
    );
    expect(decodeCreate(again)).toBe(false);
    const record = decodeRead(await run(scripts.read, key, readArgs({ now, touch: false })));
    expect(record?.fields).toEqual(new Map([['a', '1']]));
  });

  it('merge an update into the record, bump the revision and honour ifRevision', async () => {
    const key = ks.session('update');
    await run(
      scripts.create,
      key,
      createArgs({
        fields: new Map([
          ['a', '1'],
          ['b', '2'],
        ]),
        expiry,
        now,
      }),
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
    expect(
      decodeUpdate(await run(scripts.update, key, updateArgs({ ...delta, ifRevision: 7 }))),
    ).toBe('conflict');
    expect(
      decodeUpdate(await run(scripts.update, key, updateArgs({ ...delta, ifRevision: 1 }))),
    ).toBe('ok');
    const record = decodeRead(
      await run(scripts.read, key, readArgs({ now: now + 10, touch: false })),
    );
    expect(record?.fields).toEqual(
      new Map([
        ['a', '9'],
        ['c', '3'],
      ]),
    );
    expect(record?.revision).toBe(2);
    expect(record?.expiresAt).toBe(now + 10 + 60_000);
  });

  it('answer gone for an absent record and do not recreate it', async () => {
    const key = ks.session('absent');
    const delta = { set: new Map([['a', '1']]), del: [], expiry, now };
    expect(decodeUpdate(await run(scripts.update, key, updateArgs(delta)))).toBe('gone');
    expect((await redisCli(server.port, ['exists', key])).trim()).toBe('0');
  });

  it('slide the expiry on a touching read, capped by the deadline, and set the Redis TTL', async () => {
    const key = ks.session('touch');
    const policy = { idleMs: 60_000, deadline: now + 90_000 };
    await run(
      scripts.create,
      key,
      createArgs({ fields: new Map([['a', '1']]), expiry: policy, now }),
    );
    const slid = decodeRead(
      await run(scripts.read, key, readArgs({ now: now + 20_000, touch: true })),
    );
    expect(slid?.expiresAt).toBe(now + 80_000);
    const capped = decodeRead(
      await run(scripts.read, key, readArgs({ now: now + 50_000, touch: true })),
    );
    expect(capped?.expiresAt).toBe(now + 90_000);
    // Redis's TTL is relative: expiresAt - now of the last write.
    const pttl = Number(await redisCli(server.port, ['pttl', key]));
    expect(pttl).toBeGreaterThan(39_000);
    expect(pttl).toBeLessThanOrEqual(40_000);
    expect(
      decodeRead(await run(scripts.read, key, readArgs({ now: now + 90_000, touch: false }))),
    ).toBeNull();
  });

  it('are named by the SHA1 that SCRIPT LOAD returns', async () => {
    for (const script of Object.values(scripts)) {
      const sha = await redisCli(server.port, ['script', 'load', script.source]);
      expect(sha.trim()).toBe(script.sha1);
    }
  });
});
