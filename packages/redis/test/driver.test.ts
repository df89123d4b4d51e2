import { CorruptRecordError, DriverClosedError, InvalidOptionError } from '@vial/core';
import { describe, expect, it } from 'vitest';
import { createRedisDriver, type RedisTransport } from '../src/index.js';
import { basisOf, cli, created, DAY, driverOver, sid } from './cli-driver.js';

describe('the Redis driver body', () => {
  it('keeps a session as a list under <prefix>s:<sid>, with Redis’s own TTL', async () => {
    const { driver, prefix } = driverOver();
    const id = await created(driver, { a: '1' });
    expect(await cli(['TYPE', `${prefix}s:${id}`])).toBe('list');
    const pttl = Number(await cli(['PTTL', `${prefix}s:${id}`]));
    expect(pttl).toBeGreaterThan(DAY - 60_000);
    expect(pttl).toBeLessThanOrEqual(DAY);
  });

  it('reads with one LRANGE and saves a change with one RPUSHX, no script', async () => {
    const sent: string[][] = [];
    const { driver } = driverOver(sent);
    const id = await created(driver, { a: '1' });
    sent.length = 0;
    const now = Date.now();
    await driver.read(id, { now });
    await driver.update(id, { set: new Map([['a', '2']]), del: [], now });
    expect(sent.map((args) => args[0])).toEqual(['LRANGE', 'RPUSHX']);
  });

  it('moves the expiry with a change or a touch in one script, leaving fields and revision', async () => {
    const { driver, prefix } = driverOver();
    const id = await created(driver, { a: '1' });
    const now = Date.now();
    expect(await driver.touch(id, { expiresAt: now + 5_000, now })).toBe(true);
    const touched = await basisOf(driver, id);
    expect([touched.expiresAt, touched.revision]).toEqual([now + 5_000, 1]);
    expect(Number(await cli(['PTTL', `${prefix}s:${id}`]))).toBeLessThanOrEqual(5_000);
    await driver.update(id, { set: new Map([['b', '2']]), del: [], expiresAt: null, now });
    expect(Number(await cli(['PTTL', `${prefix}s:${id}`]))).toBe(-1);
    expect((await basisOf(driver, id)).expiresAt).toBeNull();
  });

  it('compacts the list into one element once enough changes pile up, keeping every field', async () => {
    const { driver, prefix } = driverOver();
    const id = await created(driver, { a: 'x'.repeat(40) });
    for (let i = 0; i < 12; i++) {
      await driver.update(id, { set: new Map([[`k${i}`, String(i)]]), del: [], now: Date.now() });
    }
    expect(await cli(['LLEN', `${prefix}s:${id}`])).toBe(13);
    const before = await basisOf(driver, id);
    const now = Date.now();
    const delta = { set: new Map([['k0', 'changed']]), del: ['a'], now, basis: before.basis };
    expect(await driver.update(id, delta)).toBe('ok');
    expect(await cli(['LLEN', `${prefix}s:${id}`])).toBe(1);
    const after = await basisOf(driver, id);
    expect(after.revision).toBe(before.revision + 1);
    expect(Object.fromEntries(after.fields)).toEqual({
      ...Object.fromEntries(before.fields),
      k0: 'changed',
      a: undefined,
    });
    expect(after.fields.has('a')).toBe(false);
    expect(after.expiresAt).toBe(before.expiresAt);
  });

  it('never loses a change written after the read a compaction is based on', async () => {
    const { driver, prefix } = driverOver();
    const id = await created(driver, { a: '1' });
    for (let i = 0; i < 12; i++) {
      await driver.update(id, { set: new Map([[`k${i}`, '1']]), del: [], now: Date.now() });
    }
    const stale = await basisOf(driver, id);
    const other = await basisOf(driver, id);
    // Another writer compacts, then writes again: the stale basis must not win.
    await driver.update(id, {
      set: new Map([['other', '1']]),
      del: [],
      now: Date.now(),
      basis: other.basis,
    });
    await driver.update(id, { set: new Map([['later', '1']]), del: [], now: Date.now() });
    await driver.update(id, {
      set: new Map([['mine', '1']]),
      del: ['k1'],
      now: Date.now(),
      basis: stale.basis,
    });
    const after = await basisOf(driver, id);
    expect([
      after.fields.get('other'),
      after.fields.get('later'),
      after.fields.get('mine'),
    ]).toEqual(['1', '1', '1']);
    expect(after.fields.has('k1')).toBe(false);
    expect(Number(await cli(['LLEN', `${prefix}s:${id}`]))).toBeGreaterThan(1);
    expect(after.revision).toBe(stale.revision + 3);
  });

  it('compacts on a write that moves the expiry, one script either way', async () => {
    const sent: string[][] = [];
    const { driver, prefix } = driverOver(sent);
    const id = await created(driver, { a: '1' });
    await driver.update(id, { set: new Map([['b', '2']]), del: [], now: Date.now() });
    const read = await basisOf(driver, id);
    sent.length = 0;
    const now = Date.now();
    expect(await driver.touch(id, { expiresAt: now + 9_000, now, basis: read.basis })).toBe(true);
    expect(sent.map((args) => args[0])).toEqual(['EVALSHA']);
    expect(await cli(['LLEN', `${prefix}s:${id}`])).toBe(1);
    const after = await basisOf(driver, id);
    expect([after.revision, after.expiresAt, Object.fromEntries(after.fields)]).toEqual([
      read.revision,
      now + 9_000,
      { a: '1', b: '2' },
    ]);
  });

  it('applies a conditional change only at the revision it names', async () => {
    const { driver } = driverOver();
    const id = await created(driver, { a: '1' });
    await driver.touch(id, { expiresAt: Date.now() + DAY, now: Date.now() });
    const now = Date.now();
    expect(
      await driver.update(id, { set: new Map([['a', '2']]), del: [], now, ifRevision: 1 }),
    ).toBe('ok');
    expect(
      await driver.update(id, { set: new Map([['a', '3']]), del: [], now, ifRevision: 1 }),
    ).toBe('conflict');
    expect((await basisOf(driver, id)).fields.get('a')).toBe('2');
    expect(await driver.update(sid(), { set: new Map(), del: [], now, ifRevision: 1 })).toBe(
      'gone',
    );
  });

  it('reads anything else under a session key as a corrupt record, and never writes into it', async () => {
    const { driver, prefix } = driverOver();
    const cases: [string, string[]][] = [
      ['a string', ['SET', '', 'not a list']],
      ['a hash', ['HSET', '', 'f', 'v']],
      ['a truncated element', ['RPUSH', '', '0:1:-\n5:5:ab']],
      ['a foreign element', ['RPUSH', '', '0:1:-\n', 'x']],
    ];
    for (const [what, [command, , ...args]] of cases) {
      const id = sid();
      const key = `${prefix}s:${id}`;
      await cli([command as string, key, ...args]);
      await expect(driver.read(id, { now: Date.now() }), what).rejects.toBeInstanceOf(
        CorruptRecordError,
      );
      const ttl = await cli(['PTTL', key]);
      const now = Date.now();
      if (what === 'a string' || what === 'a hash') {
        expect(await driver.update(id, { set: new Map([['a', '1']]), del: [], now }), what).toBe(
          'gone',
        );
        expect(await driver.touch(id, { expiresAt: now + DAY, now }), what).toBe(false);
        expect(await cli(['PTTL', key]), what).toBe(ttl);
      }
    }
  });

  it('lists every sid of its prefix once, and nothing of another type or prefix', async () => {
    const { driver, prefix } = driverOver();
    const other = driverOver().driver;
    const ids = [await created(driver, { a: '1' }), await created(driver, { a: '2' })];
    await created(other, { a: '3' });
    await cli(['SET', `${prefix}s:${sid()}`, 'a string']);
    await driver.userIndex.add('ada', ids[0] as string, null, Date.now());
    const listed: string[] = [];
    for await (const found of driver.sids()) listed.push(found);
    expect(listed.sort()).toEqual([...ids].sort());
  });

  it('counts the live records a destroy removed', async () => {
    const { driver } = driverOver();
    const ids = [await created(driver, { a: '1' }), await created(driver, { a: '2' })];
    expect(await driver.destroy([...ids, sid()])).toBe(2);
    expect(await driver.destroy(ids)).toBe(0);
  });

  it('finishes calls in flight on close, then refuses new ones', async () => {
    const { driver } = driverOver();
    const id = await created(driver, { a: '1' });
    const inFlight = driver.read(id, { now: Date.now() });
    const closed = driver.close();
    expect((await inFlight)?.fields.get('a')).toBe('1');
    await closed;
    await expect(driver.read(id, { now: Date.now() })).rejects.toBeInstanceOf(DriverClosedError);
    await expect(driver.userIndex.list('ada', Date.now())).rejects.toBeInstanceOf(
      DriverClosedError,
    );
  });

  it('sends the script source once after the server forgot it', async () => {
    const sent: string[][] = [];
    const { driver } = driverOver(sent);
    const id = await created(driver, { a: '1' });
    await cli(['SCRIPT', 'FLUSH']);
    sent.length = 0;
    expect(await driver.touch(id, { expiresAt: Date.now() + DAY, now: Date.now() })).toBe(true);
    expect(sent.map((args) => args[0])).toEqual(['EVALSHA', 'EVAL']);
  });

  it('refuses unknown options, naming them', () => {
    const transport: RedisTransport = {
      name: 'x',
      clustered: false,
      send: (_key, args) => cli(args),
      masters: async () => [],
    };
    expect(() => createRedisDriver(transport, 'testDriver()', { prefx: 'a' } as never)).toThrow(
      /testDriver\(\) has no option "prefx"/,
    );
    expect(() => createRedisDriver(transport, 'testDriver()', { scanCount: 0 })).toThrow(
      /scanCount/,
    );
  });

  it.each([
    [{ replicas: 0 }],
    [{ replicas: 1, timeout: 0 }],
    [{ replicas: 1.5 }],
    [{ timeout: 100 }],
    ['yes'],
  ])('refuses wait: %j with the shape it takes (0 would wait forever)', (wait) => {
    const transport: RedisTransport = {
      name: 'x',
      clustered: false,
      send: (_key, args) => cli(args),
      masters: async () => [],
    };
    const build = () => createRedisDriver(transport, 'testDriver()', { wait: wait as never });
    expect(build).toThrow(InvalidOptionError);
    expect(build).toThrow(/wait must be \{ replicas, timeout \}/);
  });

  it('refuses wait on a transport that cannot send WAIT where the write went, saying why', () => {
    const transport: RedisTransport = {
      name: 'x',
      clustered: true,
      cannotWait: 'WAIT would go to any node',
      send: (_key, args) => cli(args),
      masters: async () => [],
    };
    expect(() => createRedisDriver(transport, 'testDriver()', { wait: { replicas: 1 } })).toThrow(
      /testDriver\(\): wait is not available here: WAIT would go to any node/,
    );
  });

  it('with wait, a write on a server without replicas fails after the timeout, naming how many had it, and is not undone; a load does not wait', async () => {
    const transport: RedisTransport = {
      name: 'x',
      clustered: false,
      send: (_key, args) => cli(args),
      masters: async () => [],
    };
    const waiting = createRedisDriver(transport, 'testDriver()', {
      prefix: `wait-${Date.now()}:`,
      wait: { replicas: 1, timeout: 20 },
    });
    const id = 'waitsid';
    const now = Date.now();
    const fields = new Map([['a', '1']]);
    await expect(waiting.create(id, { fields, expiresAt: now + DAY, now })).rejects.toThrow(
      'WAIT: 0 of 1 replica acknowledged the write within 20 ms',
    );
    expect((await waiting.read(id, { now }))?.fields.get('a')).toBe('1');
  });
});
