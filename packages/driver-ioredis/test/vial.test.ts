import { ConflictError, SessionGoneError, Vial } from '@vial/core';
import { countCommands } from '@vial/test-redis';
import { describe, expect, it } from 'vitest';
import { ioredisDriver } from '../src/index.js';
import { connect, portsOf, targets, uniquePrefix } from './helpers.js';

type Data = Record<string, unknown>;

describe.each(targets)('vial over ioredis on a %s Redis', (target) => {
  const client = connect(target);
  const newVial = (options: { conflict?: 'merge' | 'reject' } = {}) =>
    new Vial<Data>({ driver: ioredisDriver(client, { prefix: uniquePrefix() }), ...options });

  it('saves a session and loads it back, one command per load and per save', async () => {
    const vial = newVial();
    const ports = portsOf(target);
    // Warm the scripts up on every node first (a new server learns each once).
    for (let i = 0; i < 10; i++) {
      const warm = vial.session();
      warm.set('w', i);
      await warm.save();
      const loaded = await vial.load(warm.id);
      loaded.set('w', i + 1);
      await loaded.save();
    }
    const s = vial.session();
    s.set('color', 'blue');
    const saveNew = await countCommands(ports, () => s.save());
    let loaded = vial.session();
    const load = await countCommands(ports, async () => {
      loaded = await vial.load(s.id);
    });
    expect(loaded.get('color')).toBe('blue');
    expect(loaded.isNew).toBe(false);
    loaded.set('cart', ['espresso']);
    const saveChanged = await countCommands(ports, () => loaded.save());
    const saveUnchanged = await countCommands(ports, () => loaded.save());
    expect({ saveNew, load, saveChanged, saveUnchanged }).toEqual({
      saveNew: { evalsha: 1 },
      load: { evalsha: 1 },
      saveChanged: { evalsha: 1 },
      saveUnchanged: {},
    });
    expect((await vial.load(s.id)).get('cart')).toEqual(['espresso']);
  });

  it('keeps all 100 keys when 100 requests load, set their own key and save one session at once', async () => {
    const vial = newVial();
    const s = vial.session();
    s.set('base', true);
    await s.save();
    const token = s.id;
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const copy = await vial.load(token);
        copy.set(`k${i}`, i);
        await copy.save();
      }),
    );
    const final = await vial.load(token);
    expect(final.size).toBe(101);
    for (let i = 0; i < 100; i++) expect(final.get(`k${i}`)).toBe(i);
  });

  it('refuses a save racing a destroy with SessionGoneError and never brings the session back', async () => {
    const vial = newVial();
    for (let round = 0; round < 10; round++) {
      const s = vial.session();
      s.set('a', 1);
      await s.save();
      const token = s.id;
      const writer = await vial.load(token);
      const destroyer = await vial.load(token);
      writer.set('b', 2);
      const [saved] = await Promise.allSettled([writer.save(), destroyer.destroy()]);
      if (saved.status === 'rejected') expect(saved.reason).toBeInstanceOf(SessionGoneError);
      // Whichever came first, the session stays gone, and a later save is refused.
      const saveAgain = async () => {
        writer.set('c', 3);
        await writer.save();
      };
      await expect(saveAgain()).rejects.toBeInstanceOf(SessionGoneError);
      expect((await vial.load(token)).isNew).toBe(true);
    }
  });

  it('lists and revokes the sessions of a user', async () => {
    const vial = newVial();
    const phone = vial.session();
    phone.userId = 'user-1';
    await phone.save();
    const laptop = vial.session();
    laptop.userId = 'user-1';
    await laptop.save();
    expect((await vial.sessionsOf('user-1')).map((entry) => entry.sid).sort()).toEqual(
      [phone.sid, laptop.sid].sort(),
    );
    await vial.revokeUser('user-1', { except: laptop });
    expect((await vial.load(phone.id)).isNew).toBe(true);
    expect((await vial.load(laptop.id)).isNew).toBe(false);
  });

  it("rejects a stale save with ConflictError under conflict: 'reject'", async () => {
    const vial = newVial({ conflict: 'reject' });
    const s = vial.session();
    s.set('a', 1);
    await s.save();
    const first = await vial.load(s.id);
    const second = await vial.load(s.id);
    first.set('a', 2);
    await first.save();
    second.set('a', 3);
    await expect(second.save()).rejects.toBeInstanceOf(ConflictError);
    expect((await vial.load(s.id)).get('a')).toBe(2);
  });
});
