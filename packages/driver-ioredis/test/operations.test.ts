import { describe, expect, it } from 'vitest';
import { ioredisDriver } from '../src/index.js';
import { connect, driverFor, inADay, newSid, targets } from './helpers.js';

// The contract is checked by conformance.test.ts and the shared body by @vial/redis-scripts; these are ioredis's own.
describe.each(targets)('ioredisDriver on a %s Redis', (target) => {
  it('lists sids through a client that has not connected yet', async () => {
    const { driver, prefix } = driverFor(target);
    const sid = newSid();
    await driver.create(sid, {
      fields: new Map([['a', '1']]),
      expiresAt: inADay(),
      now: Date.now(),
    });
    const fresh = ioredisDriver(connect(target), { prefix });
    const listed: string[] = [];
    for await (const found of fresh.sids()) listed.push(found);
    expect(listed).toEqual([sid]);
  });

  it('leaves the client connected when closed', async () => {
    const { driver, client } = driverFor(target);
    await driver.read(newSid(), { now: Date.now() });
    await driver.close();
    expect(client.status).toBe('ready');
    expect(await client.ping()).toBe('PONG');
  });
});
