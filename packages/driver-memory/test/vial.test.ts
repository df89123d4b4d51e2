import { ConflictError, DriverClosedError, Vial } from '@vial/core';
import { describe, expect, it } from 'vitest';
import { memoryDriver } from '../src/index.js';

// The README's examples, run against core's Vial.
describe('with @vial/core', () => {
  it('saves a session and loads it back by its token', async () => {
    const driver = memoryDriver();
    const vial = new Vial({ driver });
    const s = vial.session();
    s.set('color', 'blue');
    await s.save();
    const again = await vial.load(s.id as string);
    expect(again.isNew).toBe(false);
    expect(again.get('color')).toBe('blue');
    await vial.close();
  });

  it('expires an idle session when a fake clock moves past the ttl, and slides on load', async () => {
    let now = Date.now();
    const vial = new Vial({ driver: memoryDriver({ clock: () => now }), ttl: '30m' });
    const s = vial.session();
    s.set('color', 'blue');
    await s.save();
    const token = s.id as string;
    now += 29 * 60_000;
    expect((await vial.load(token)).isNew).toBe(false);
    now += 29 * 60_000;
    expect((await vial.load(token)).isNew).toBe(false);
    now += 31 * 60_000;
    expect((await vial.load(token)).isNew).toBe(true);
    await vial.close();
  });

  it('does not bring back a destroyed session', async () => {
    const vial = new Vial({ driver: memoryDriver({ sweepIntervalMs: false }) });
    const s = vial.session();
    s.set('color', 'blue');
    await s.save();
    const token = s.id as string;
    await (await vial.load(token)).destroy();
    expect((await vial.load(token)).isNew).toBe(true);
  });

  it("lets one request save again and again with conflict: 'reject', and rejects a stale copy", async () => {
    const vial = new Vial({ driver: memoryDriver({ sweepIntervalMs: false }), conflict: 'reject' });
    const s = vial.session();
    s.set('n', 0);
    await s.save();
    const stale = await vial.load(s.id as string);
    for (let n = 1; n <= 3; n++) {
      s.set('n', n);
      await s.save();
    }
    stale.set('n', -1);
    await expect(stale.save()).rejects.toBeInstanceOf(ConflictError);
    expect((await vial.load(s.id as string)).get('n')).toBe(3);
  });

  it('lists and revokes a user’s sessions', async () => {
    const vial = new Vial({ driver: memoryDriver({ sweepIntervalMs: false }) });
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      const s = vial.session();
      s.userId = 'alice';
      await s.save();
      tokens.push(s.id as string);
    }
    expect(await vial.sessionsOf('alice')).toHaveLength(3);
    await vial.revokeUser('alice');
    expect(await vial.sessionsOf('alice')).toEqual([]);
    for (const token of tokens) expect((await vial.load(token)).isNew).toBe(true);
  });

  it('refuses to load through a closed driver with DriverClosedError', async () => {
    const vial = new Vial({ driver: memoryDriver() });
    const s = vial.session();
    s.set('color', 'blue');
    await s.save();
    await vial.close();
    await expect(vial.load(s.id as string)).rejects.toBeInstanceOf(DriverClosedError);
  });
});
