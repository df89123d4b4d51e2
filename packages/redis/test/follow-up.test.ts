import { describe, expect, it } from 'vitest';
import { basisOf, cli, DAY, driverOver, sid } from './cli-driver.js';

const set = (entries: Record<string, string>) => new Map(Object.entries(entries));
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// The read-and-compact that follows a write which left the list long: it must
// neither break the write it follows nor hand back a basis it did not read.
describe('the compaction that follows a long list', () => {
  it('never claims an element appended between its read and its script: a later compaction keeps it, and the revision counts it', async () => {
    let step: ((args: string[]) => Promise<void>) | undefined;
    const mine = driverOver([], { before: (args) => step?.(args) });
    const other = driverOver([], { prefix: mine.prefix }).driver;
    const id = sid();
    const now = Date.now();
    await mine.driver.create(id, { fields: set({ x: '0' }), expiresAt: now + DAY, now });
    const { basis } = await basisOf(mine.driver, id);
    for (const i of range(14)) {
      await other.update(id, { set: set({ [`o${i}`]: '1' }), del: [], now });
    }
    // Lands among others' elements: this basis no longer follows the list.
    await mine.driver.update(id, { set: set({ x: '1' }), del: [], now, basis });
    let phase = 0;
    step = async (args) => {
      if (args[0] === 'LRANGE' && phase === 0) {
        phase = 1;
        const read = await basisOf(other, id);
        await other.update(id, { set: set({ z: '1' }), del: [], now, basis: read.basis });
      } else if (args[0] === 'EVALSHA' && phase === 1) {
        phase = 2;
        await other.update(id, { set: set({ y: 'other' }), del: [], now });
      }
    };
    // Leaves the list past 16 elements: its follow-up reads while the other writer compacts and appends.
    await mine.driver.update(id, { set: set({ x: '2' }), del: [], now, basis });
    // The append lands before this touch's script, if the follow-up ran none.
    await mine.driver.touch(id, { expiresAt: now + 2 * DAY, now, basis });
    step = undefined;
    const after = await basisOf(mine.driver, id);
    expect([after.fields.get('x'), after.fields.get('y'), after.fields.get('z')]).toEqual([
      '2',
      'other',
      '1',
    ]);
    // 1 at create, and one per update: 14 of the other's, mine, its compacting one, mine, y.
    expect(after.revision).toBe(1 + 14 + 1 + 1 + 1 + 1);
  });

  it('lets the write it follows stand when it fails: the save resolves, and what it wrote is there', async () => {
    let failReads = false;
    const { driver, prefix } = driverOver([], {
      before: (args) => {
        if (failReads && args[0] === 'LRANGE') throw new Error('ETIMEDOUT');
      },
    });
    const id = sid();
    const now = Date.now();
    await driver.create(id, { fields: set({ n: '0' }), expiresAt: now + DAY, now });
    // 16 changes appended by hand: a list no compaction has caught up with.
    for (const i of range(16)) await cli(['RPUSH', `${prefix}s:${id}`, `d\n2:1:o${i % 10}1`]);
    failReads = true;
    expect(await driver.update(id, { set: set({ n: '1' }), del: [], now })).toBe('ok');
    failReads = false;
    expect((await basisOf(driver, id)).fields.get('n')).toBe('1');
    expect(Number(await cli(['LLEN', `${prefix}s:${id}`]))).toBe(18);
  });

  it('gives a session this process created a basis: its saves stay plain RPUSHX and its list short', async () => {
    const sent: string[][] = [];
    const { driver, prefix } = driverOver(sent);
    const id = sid();
    const now = Date.now();
    const holder = {};
    await driver.create(id, { fields: set({ n: '10' }), expiresAt: now + DAY, now, basis: holder });
    sent.length = 0;
    let longest = 0;
    for (const i of range(40)) {
      const delta = { set: set({ n: String(10 + (i % 80)) }), del: [], now, basis: holder };
      expect(await driver.update(id, { ...delta, maxBytes: 100_000 })).toBe('ok');
      longest = Math.max(longest, Number(await cli(['LLEN', `${prefix}s:${id}`])));
    }
    const commands = sent.map((args) => args[0]).filter((name) => name !== 'LLEN');
    expect(commands.filter((name) => name !== 'RPUSHX').length).toBeLessThanOrEqual(40 / 8);
    expect(commands).not.toContain('LRANGE');
    expect(longest).toBeLessThanOrEqual(9);
  });
});
