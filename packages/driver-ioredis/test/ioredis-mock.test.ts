import RedisMock from 'ioredis-mock';
import { describe, expect, it } from 'vitest';
import { ioredisDriver } from '../src/index.js';
import { inADay } from './helpers.js';

// ioredis-mock runs Lua in fengari (Lua 5.3 with 32-bit integers) and has
// its own reply conversions; the scripts are written to work there too.
describe('ioredisDriver over ioredis-mock', () => {
  const awkward = new Map([
    ['', ''],
    ['__proto__', '{"x":1}'],
    ['a:b*', 'multi\nline'],
    ['unicode ✓', '"héllo 🌍"'],
  ]);

  it('creates, reads, touches, updates with revisions, compacts and destroys records', async () => {
    const driver = ioredisDriver(new RedisMock());
    const now = Date.now();
    expect(await driver.create('s1', { fields: awkward, expiresAt: inADay(now), now })).toBe(true);
    expect(await driver.create('s1', { fields: awkward, expiresAt: inADay(now), now })).toBe(false);
    expect(await driver.touch('s1', { expiresAt: now + 5 + 86_400_000, now: now + 5 })).toBe(true);
    const record = await driver.read('s1', { now: now + 5 });
    expect(record?.fields).toEqual(awkward);
    expect(record?.expiresAt).toBe(now + 5 + 86_400_000);
    const delta = { set: new Map([['b', '2']]), del: [''], expiresAt: inADay(now), now };
    expect(await driver.update('s1', { ...delta, ifRevision: 99 })).toBe('conflict');
    expect(await driver.update('s1', { ...delta, ifRevision: record?.revision })).toBe('ok');
    const updated = await driver.read('s1', { now });
    expect(updated?.fields.get('b')).toBe('2');
    expect(updated?.fields.has('')).toBe(false);
    for (let i = 0; i < 12; i++) {
      await driver.update('s1', { set: new Map([[`k${i}`, String(i)]]), del: [], now });
    }
    const many = await driver.read('s1', { now });
    const compact = { set: new Map([['c', '3']]), del: ['b'], now, basis: many?.basis };
    expect(await driver.update('s1', compact)).toBe('ok');
    const compacted = await driver.read('s1', { now });
    expect(compacted?.fields.get('k11')).toBe('11');
    expect(compacted?.fields.get('c')).toBe('3');
    expect(compacted?.fields.has('b')).toBe(false);
    expect(compacted?.revision).toBe((many?.revision ?? 0) + 1);
    expect(await driver.destroy(['s1'])).toBe(1);
    expect(await driver.read('s1', { now })).toBeNull();
    expect(await driver.update('s1', delta)).toBe('gone');
    expect(await driver.touch('s1', { expiresAt: inADay(now), now })).toBe(false);
  });

  it('keeps a user index and lists sids', async () => {
    const driver = ioredisDriver(new RedisMock());
    const now = Date.now();
    await driver.userIndex.add('u', 'live', now + 1000, now);
    await driver.userIndex.add('u', 'forever', null, now);
    await driver.userIndex.add('u', 'dead', now - 1, now);
    expect(await driver.userIndex.list('u', now)).toEqual([
      { sid: 'live', expiresAt: now + 1000 },
      { sid: 'forever', expiresAt: null },
    ]);
    await driver.userIndex.remove('u', ['forever']);
    expect(await driver.userIndex.list('u', now)).toEqual([{ sid: 'live', expiresAt: now + 1000 }]);
    await driver.create('s1', { fields: new Map([['a', '1']]), expiresAt: inADay(now), now });
    const sids: string[] = [];
    for await (const sid of driver.sids()) sids.push(sid);
    expect(sids).toEqual(['s1']);
  });
});
