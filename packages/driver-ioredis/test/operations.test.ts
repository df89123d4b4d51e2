import type { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { ioredisDriver } from '../src/index.js';
import { connect, driverFor, inADay, newSid, targets } from './helpers.js';

// The contract is checked by conformance.test.ts and the shared body by @vial/redis; these are ioredis's own.
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

  /** The driver, its client's nodes, and a count of the socket writes to them from now on. */
  async function countingWrites() {
    const { driver, client } = driverFor(target);
    // A cluster client knows its nodes once connected; each node connects on its first command.
    await client.ping();
    const nodes = target === 'cluster' ? (client as Cluster).nodes('all') : [client as Redis];
    await Promise.all(nodes.map((node) => node.ping()));
    expect(nodes.length).toBe(target === 'cluster' ? 3 : 1);
    const counter = { driver, nodes, writes: 0 };
    for (const { stream } of nodes) {
      for (const method of ['_write', '_writev'] as const) {
        const original = stream[method] as (...args: unknown[]) => void;
        stream[method] = function (this: typeof stream, ...args: unknown[]) {
          counter.writes += 1;
          return original.apply(this, args);
        } as never;
      }
    }
    return counter;
  }

  it('sends the commands of one tick in socket writes of up to 16 commands', async () => {
    const counter = await countingWrites();
    const { driver, nodes } = counter;
    const sids = Array.from({ length: 40 }, newSid);
    const records = await Promise.all(sids.map((sid) => driver.read(sid, { now: Date.now() })));
    expect(records).toEqual(sids.map(() => null));
    // Uncorked, each of the 40 LRANGEs is a write of its own. Corked, they leave in
    // batches of 16 (3 here), each a write per node that has commands in it; two
    // more allow for what the cluster client sends by itself (a slots refresh).
    expect(counter.writes).toBeGreaterThanOrEqual(3);
    expect(counter.writes).toBeLessThanOrEqual(3 * nodes.length + 2);
  });

  it('sends commands of separate callbacks of one event-loop turn in one write', async () => {
    const counter = await countingWrites();
    const { driver, nodes } = counter;
    // Ten callbacks of one phase, as ten HTTP requests parsed in one turn: each sends one read.
    const reads = await Promise.all(
      Array.from(
        { length: 10 },
        () =>
          new Promise((resolve, reject) => {
            setImmediate(() => driver.read(newSid(), { now: Date.now() }).then(resolve, reject));
          }),
      ),
    );
    expect(reads).toEqual(reads.map(() => null));
    // Uncorked at the end of each tick, that is ten writes.
    expect(counter.writes).toBeLessThanOrEqual(nodes.length + 2);
  });

  it('leaves the client connected when closed', async () => {
    const { driver, client } = driverFor(target);
    await driver.read(newSid(), { now: Date.now() });
    await driver.close();
    expect(client.status).toBe('ready');
    expect(await client.ping()).toBe('PONG');
  });
});
