import type { RecordDelta } from '@vial/core';
import { describe, expect, it } from 'vitest';
import { basisOf, cli, created, driverOver } from './cli-driver.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const set = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('a session list stays short under any writers', () => {
  it('compacts the prefix a writer read while others append, keeping their changes and its own last', async () => {
    const { driver, prefix } = driverOver();
    const id = await created(driver, { x: 'base' });
    const key = `${prefix}s:${id}`;
    for (const i of range(10))
      await driver.update(id, { set: set({ [`k${i}`]: '1' }), del: [], now: Date.now() });
    const read = await basisOf(driver, id);
    // Written after that read: a change of the same field, and one of another.
    await driver.update(id, { set: set({ x: 'other', y: '1' }), del: [], now: Date.now() });
    const answer = await driver.update(id, {
      set: set({ x: 'mine' }),
      del: ['k0'],
      now: Date.now(),
      basis: read.basis,
    });
    expect(answer).toBe('ok');
    // The base, the other writer's change kept after it, and this change once more after that.
    expect(await cli(['LLEN', key])).toBe(3);
    const after = await basisOf(driver, id);
    expect([after.fields.get('x'), after.fields.get('y'), after.fields.has('k0')]).toEqual([
      'mine',
      '1',
      false,
    ]);
    expect(after.revision).toBe(read.revision + 2);
  });

  it('keeps every writer’s last value and counts each update once, with concurrent writers compacting on stale reads', async () => {
    const { driver, prefix } = driverOver();
    const id = await created(driver, { base: '1' });
    let updates = 0;
    await Promise.all(
      range(8).map(async (w) => {
        for (const round of range(12)) {
          const read = await basisOf(driver, id);
          const delta: RecordDelta = {
            set: set({ [`w${w}`]: String(round) }),
            del: [],
            now: Date.now(),
            basis: read.basis,
          };
          expect(await driver.update(id, delta)).toBe('ok');
          updates += 1;
        }
      }),
    );
    const after = await basisOf(driver, id);
    expect(range(8).map((w) => after.fields.get(`w${w}`))).toEqual(range(8).map(() => '11'));
    expect(after.revision).toBe(1 + updates);
    expect(Number(await cli(['LLEN', `${prefix}s:${id}`]))).toBeLessThanOrEqual(8 + 8 + 1);
  });

  it('follows its own writes with the basis of one read: 100 saves leave at most 9 elements', async () => {
    const { driver, prefix } = driverOver();
    const id = await created(driver, { n: '0' });
    const { basis } = await basisOf(driver, id);
    let longest = 0;
    for (const i of range(100)) {
      await driver.update(id, { set: set({ n: String(i) }), del: [], now: Date.now(), basis });
      longest = Math.max(longest, Number(await cli(['LLEN', `${prefix}s:${id}`])));
    }
    expect(longest).toBeLessThanOrEqual(9);
    expect((await basisOf(driver, id)).fields.get('n')).toBe('99');
    expect((await basisOf(driver, id)).revision).toBe(101);
  });

  it('compacts conditional saves too, checking the revision against what was appended since the read', async () => {
    const { driver, prefix } = driverOver();
    const id = await created(driver, { n: '0' });
    let longest = 0;
    for (const i of range(60)) {
      const read = await basisOf(driver, id);
      const delta = { set: set({ n: String(i) }), del: [], now: Date.now() };
      expect(
        await driver.update(id, { ...delta, basis: read.basis, ifRevision: read.revision }),
      ).toBe('ok');
      longest = Math.max(longest, Number(await cli(['LLEN', `${prefix}s:${id}`])));
    }
    expect(longest).toBeLessThanOrEqual(9);
    const read = await basisOf(driver, id);
    await driver.update(id, { set: set({ other: '1' }), del: [], now: Date.now() });
    await driver.touch(id, { expiresAt: Date.now() + 60_000, now: Date.now() });
    const stale = { set: set({ n: 'stale' }), del: [], now: Date.now(), basis: read.basis };
    expect(await driver.update(id, { ...stale, ifRevision: read.revision })).toBe('conflict');
    expect(await driver.update(id, { ...stale, ifRevision: read.revision + 1 })).toBe('ok');
  });

  it('reads afresh and compacts once a list written without a basis grows past 16 elements', async () => {
    const { driver, prefix } = driverOver();
    const id = await created(driver, { n: '0' });
    const lengths: number[] = [];
    for (const i of range(40)) {
      await driver.update(id, { set: set({ n: String(i % 10) }), del: [], now: Date.now() });
      lengths.push(Number(await cli(['LLEN', `${prefix}s:${id}`])));
    }
    expect(Math.max(...lengths)).toBeLessThanOrEqual(16);
    expect((await basisOf(driver, id)).fields.get('n')).toBe('9');
  });

  it('never compacts touches into a record destroyed meanwhile', async () => {
    const { driver, prefix } = driverOver();
    const id = await created(driver, { n: '0' });
    for (const i of range(10))
      await driver.update(id, { set: set({ n: String(i) }), del: [], now: Date.now() });
    const read = await basisOf(driver, id);
    await driver.destroy([id]);
    const now = Date.now();
    expect(await driver.touch(id, { expiresAt: now + 60_000, now, basis: read.basis })).toBe(false);
    const delta = { set: set({ n: 'x' }), del: [], now, basis: read.basis, maxBytes: 1_000 };
    expect(await driver.update(id, delta)).toBe('gone');
    expect(await cli(['EXISTS', `${prefix}s:${id}`])).toBe(0);
  });
});
