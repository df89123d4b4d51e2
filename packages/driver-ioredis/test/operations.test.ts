import { describe, expect, it } from 'vitest';
import { ioredisDriver } from '../src/index.js';
import { connect, DAY, driverFor, newSid, targets } from './helpers.js';

// The contract itself is checked by conformance.test.ts; these are the Redis specifics.
describe.each(targets)('ioredisDriver on a %s Redis', (target) => {
  it('stores the record as one string under <prefix>s:<sid> with a Redis TTL', async () => {
    const { driver, client, prefix } = driverFor(target);
    const sid = newSid();
    await driver.create(sid, {
      fields: new Map([['a', '1']]),
      expiry: { idleMs: 60_000, deadline: null },
      now: Date.now(),
    });
    expect(await client.type(`${prefix}s:${sid}`)).toBe('string');
    const pttl = await client.pttl(`${prefix}s:${sid}`);
    expect(pttl).toBeGreaterThan(55_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it('lets Redis itself remove a record once its idle time has passed', async () => {
    const { driver, client, prefix } = driverFor(target);
    const sid = newSid();
    await driver.create(sid, {
      fields: new Map([['a', '1']]),
      expiry: { idleMs: 150, deadline: null },
      now: Date.now(),
    });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await client.exists(`${prefix}s:${sid}`)).toBe(0);
  });

  it('destroys many records of different hash slots in one call without CROSSSLOT', async () => {
    const { driver } = driverFor(target);
    const now = Date.now();
    const sids = Array.from({ length: 20 }, newSid);
    for (const sid of sids)
      await driver.create(sid, { fields: new Map([['a', '1']]), expiry: DAY, now });
    await driver.destroy([...sids, newSid()]);
    for (const sid of sids) expect(await driver.read(sid, { now, touch: false })).toBeNull();
  });

  it('lists every sid of its prefix exactly once, from every master, and no other key', async () => {
    const { driver, client, prefix } = driverFor(target);
    const other = driverFor(target).driver;
    const now = Date.now();
    const sids = Array.from({ length: 30 }, newSid);
    for (const sid of sids)
      await driver.create(sid, { fields: new Map([['a', '1']]), expiry: DAY, now });
    await other.create(newSid(), { fields: new Map([['a', '1']]), expiry: DAY, now });
    await driver.userIndex.add('someone', sids[0] ?? '', null, now);
    await client.set(`${prefix}x:not-a-session`, '1');
    const listed: string[] = [];
    for await (const sid of driver.sids()) listed.push(sid);
    expect(listed.sort()).toEqual([...sids].sort());
  });

  it('lists sids through a client that has not connected yet', async () => {
    const { driver, prefix } = driverFor(target);
    const sid = newSid();
    await driver.create(sid, { fields: new Map([['a', '1']]), expiry: DAY, now: Date.now() });
    const fresh = ioredisDriver(connect(target), { prefix });
    const listed: string[] = [];
    for await (const found of fresh.sids()) listed.push(found);
    expect(listed).toEqual([sid]);
  });

  it('keeps a per-user sorted set scored by expiry, pruned when listed, that expires with its last member', async () => {
    const { driver, client, prefix } = driverFor(target);
    const index = driver.userIndex;
    const now = Date.now();
    await index.add('user:1', 'a', now + 60_000, now);
    await index.add('user:1', 'b', null, now);
    await index.add('user:1', 'old', now + 10, now);
    expect(await index.list('user:1', now + 10)).toEqual([
      { sid: 'a', expiresAt: now + 60_000 },
      { sid: 'b', expiresAt: null },
    ]);
    expect(await client.zcard(`${prefix}u:user:1`)).toBe(2);
    // A member that never expires keeps the index key forever.
    expect(await client.pttl(`${prefix}u:user:1`)).toBe(-1);
    await index.remove('user:1', ['b', 'absent']);
    expect(await index.list('user:1', now)).toEqual([{ sid: 'a', expiresAt: now + 60_000 }]);
    // With only finite members left, the index key expires with its last member.
    expect(await client.pttl(`${prefix}u:user:1`)).toBeGreaterThan(50_000);
  });

  it('leaves the client connected when closed', async () => {
    const { driver, client } = driverFor(target);
    await driver.read(newSid(), { now: Date.now(), touch: false });
    await driver.close?.();
    expect(client.status).toBe('ready');
    expect(await driver.read(newSid(), { now: Date.now(), touch: false })).toBeNull();
  });
});
