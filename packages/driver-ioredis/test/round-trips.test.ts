import { realisticSessionFields } from '@vial/driver-test-suite';
import { countCommands } from '@vial/test-redis';
import { describe, expect, it } from 'vitest';
import { DAY, driverFor, newSid, portsOf, targets } from './helpers.js';

describe.each(targets)('commands sent to a %s Redis', (target) => {
  it('are exactly one per operation once the scripts are cached', async () => {
    const { driver } = driverFor(target);
    const ports = portsOf(target);
    const now = Date.now();
    const sid = newSid();
    const fields = realisticSessionFields();
    // Warm-up on the same key (so the same cluster node): the server learns
    // each script once (NOSCRIPT, then EVAL), as after any restart.
    await driver.create(sid, { fields, expiry: DAY, now });
    await driver.read(sid, { now, touch: true });
    await driver.update(sid, { set: new Map([['a', '1']]), del: [], expiry: DAY, now });
    await driver.destroy([sid]);

    const counts = {
      saveNew: await countCommands(ports, () => driver.create(sid, { fields, expiry: DAY, now })),
      load: await countCommands(ports, () => driver.read(sid, { now, touch: true })),
      saveChanged: await countCommands(ports, () =>
        driver.update(sid, { set: new Map([['visits', '43']]), del: ['flash'], expiry: DAY, now }),
      ),
      destroy: await countCommands(ports, () => driver.destroy([sid])),
    };
    expect(counts).toEqual({
      saveNew: { evalsha: 1 },
      load: { evalsha: 1 },
      saveChanged: { evalsha: 1 },
      destroy: { unlink: 1 },
    });
  });

  it('send the script source once after the server forgot it, then EVALSHA again', async () => {
    const { driver, client } = driverFor(target);
    const now = Date.now();
    const sid = newSid();
    await driver.create(sid, { fields: new Map([['a', '1']]), expiry: DAY, now });
    const flush =
      target === 'standalone' ? [client] : (client as import('ioredis').Cluster).nodes('master');
    await Promise.all(flush.map((node) => node.script('FLUSH')));
    const ports = portsOf(target);
    const first = await countCommands(ports, () => driver.read(sid, { now, touch: false }));
    const second = await countCommands(ports, () => driver.read(sid, { now, touch: false }));
    expect(first).toEqual({ evalsha: 1, eval: 1 });
    expect(second).toEqual({ evalsha: 1 });
  });
});
