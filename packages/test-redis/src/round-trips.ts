import { randomBytes } from 'node:crypto';
import { type Driver, Vial } from '@vial/core';
import { realisticSessionData } from '@vial/driver-test-suite/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisCli } from './cli.js';
import { countCommands } from './monitor.js';

/** How {@link describeRedisRoundTrips} reaches one deployment. */
export interface RoundTripOptions {
  /** For test titles. */
  readonly name: string;
  /** Ports of every master of the deployment, to watch with MONITOR. */
  ports(): readonly number[];
  /** A driver over a new client of the deployment, with `prefix`, and how to close that client. */
  open(prefix: string): Promise<{ driver: Driver; close(): Promise<void> }>;
  /** The sources of every script the driver runs, loaded on each master first so counts start warm. */
  readonly scripts: readonly string[];
}

/**
 * What a session costs Redis in commands, counted with MONITOR through Vial
 * (commands a script runs inside Redis cost no round trip and are not
 * counted): one per load and per save, none for an unchanged session.
 */
export function describeRedisRoundTrips(options: RoundTripOptions): void {
  describe(`${options.name}: commands per operation, through Vial`, () => {
    let clock = Date.now();
    let vial: Vial;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const opened = await options.open(`t${randomBytes(6).toString('hex')}:`);
      close = opened.close;
      vial = new Vial({ driver: opened.driver, ttl: '1d', clock: () => clock });
      // Every master knows every script, as after the first use of each: counts start warm.
      for (const port of options.ports()) {
        for (const source of options.scripts) await redisCli(port, ['script', 'load', source]);
      }
    });
    afterAll(() => close());

    async function stored() {
      const session = vial.session();
      for (const [key, value] of Object.entries(realisticSessionData())) session.set(key, value);
      await session.save();
      return session;
    }
    const count = (work: () => Promise<unknown>) => countCommands(options.ports(), work);

    it('a new session, a load, a save of a change and a destroy are one command each', async () => {
      const fresh = vial.session();
      fresh.set('cart', ['espresso']);
      expect(await count(() => fresh.save())).toEqual({ evalsha: 1 });
      let loaded = await vial.load(fresh.id);
      expect(await count(async () => (loaded = await vial.load(fresh.id)))).toEqual({ lrange: 1 });
      loaded.set('visits', 1);
      loaded.delete('cart');
      expect(await count(() => loaded.save())).toEqual({ rpushx: 1 });
      expect(await count(() => loaded.save())).toEqual({});
      expect(await count(() => loaded.destroy())).toEqual({ unlink: 1 });
    });

    it('an unchanged session costs no command at the end of a request', async () => {
      const session = await stored();
      const loaded = await vial.load(session.id);
      loaded.get('cart');
      expect(await count(() => loaded.save())).toEqual({});
    });

    it('a load due to move the expiry adds one script, once per 1 % of ttl', async () => {
      const session = await stored();
      clock += 0.02 * 86_400_000;
      expect(await count(() => vial.load(session.id))).toEqual({ lrange: 1, evalsha: 1 });
      expect(await count(() => vial.load(session.id))).toEqual({ lrange: 1 });
    });

    it('a forged token costs one read and writes nothing', async () => {
      const session = await stored();
      clock += 0.02 * 86_400_000;
      const forged = `${session.sid}.${'A'.repeat(22)}`;
      expect(await count(() => vial.load(forged))).toEqual({ lrange: 1 });
    });

    it('a regenerate is a create and a destroy sent together', async () => {
      const session = await stored();
      expect(await count(() => session.regenerate())).toEqual({ evalsha: 1, unlink: 1 });
    });

    it('sends a script once more after the server forgot it', async () => {
      const session = await stored();
      for (const port of options.ports()) await redisCli(port, ['script', 'flush']);
      clock += 0.02 * 86_400_000;
      expect(await count(() => vial.load(session.id))).toEqual({ lrange: 1, evalsha: 1, eval: 1 });
    });
  });
}
