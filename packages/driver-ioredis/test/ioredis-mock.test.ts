import RedisMock from 'ioredis-mock';
import { describe, expect, it } from 'vitest';
import { ioredisDriver } from '../src/index.js';
import { DAY } from './helpers.js';

// ioredis-mock runs Lua in fengari (Lua 5.3 with 32-bit integers) and has
// its own reply conversions; the scripts are written to work there too.
describe('ioredisDriver over ioredis-mock', () => {
  const awkward = new Map([
    ['', ''],
    ['__proto__', '{"x":1}'],
    ['a:b*', 'multi\nline'],
    ['unicode ✓', '"héllo 🌍"'],
  ]);

  it('creates, reads with touch, updates with revisions and destroys records', async () => {
    const driver = ioredisDriver(new RedisMock());
    const now = Date.now();
    expect(await driver.create('s1', { fields: awkward, expiry: DAY, now })).toBe(true);
    expect(await driver.create('s1', { fields: awkward, expiry: DAY, now })).toBe(false);
    const record = await driver.read('s1', { now: now + 5, touch: true });
    expect(record?.fields).toEqual(awkward);
    expect(record?.expiresAt).toBe(now + 5 + 86_400_000);
    const delta = { set: new Map([['b', '2']]), del: [''], expiry: DAY, now };
    expect(await driver.update('s1', { ...delta, ifRevision: 99 })).toBe('conflict');
    expect(await driver.update('s1', { ...delta, ifRevision: record?.revision })).toBe('ok');
    const updated = await driver.read('s1', { now, touch: false });
    expect(updated?.fields.get('b')).toBe('2');
    expect(updated?.fields.has('')).toBe(false);
    await driver.destroy(['s1']);
    expect(await driver.read('s1', { now, touch: false })).toBeNull();
    expect(await driver.update('s1', delta)).toBe('gone');
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
    await driver.create('s1', { fields: new Map([['a', '1']]), expiry: DAY, now });
    const sids: string[] = [];
    for await (const sid of driver.sids()) sids.push(sid);
    expect(sids).toEqual(['s1']);
  });
});
