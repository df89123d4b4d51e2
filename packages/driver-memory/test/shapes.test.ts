import { describe, expect, it } from 'vitest';
import { ShapeTable } from '../src/shapes.js';
import { fields, MINUTE, NEVER, testDriver } from './helpers.js';

describe('shared field-name shapes', () => {
  it('gives records with the same names in the same order one shape', () => {
    const table = new ShapeTable();
    const a = table.acquire(['x', 'y']);
    const b = table.acquire(['x', 'y']);
    const c = table.acquire(['y', 'x']);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(table.size).toBe(2);
  });

  it('drops a shape once the last record using it lets go', () => {
    const table = new ShapeTable();
    const a = table.acquire(['x']);
    table.acquire(['x']);
    table.release(a);
    expect(table.size).toBe(1);
    table.release(a);
    expect(table.size).toBe(0);
  });

  it('holds no shape that no record uses, after creates, updates, destroys and expiry', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('a', { fields: fields({ x: '1' }), expiry: NEVER, now });
    await driver.create('b', {
      fields: fields({ x: '2' }),
      expiry: { idleMs: MINUTE, deadline: null },
      now,
    });
    await driver.create('c', { fields: fields({ y: '3' }), expiry: NEVER, now });
    expect(driver.stats().shapes).toBe(2);
    await driver.update('a', { set: fields({ z: '1' }), del: ['x'], expiry: NEVER, now });
    expect(driver.stats().shapes).toBe(3);
    await driver.destroy(['c']);
    expect(driver.stats().shapes).toBe(2);
    clock.advance(MINUTE);
    driver.reclaim();
    expect(driver.stats().shapes).toBe(1);
    await driver.destroy(['a']);
    expect(driver.stats()).toMatchObject({ records: 0, shapes: 0 });
  });

  it('keeps values apart when records of one shape change independently', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('a', { fields: fields({ x: '1', y: '2' }), expiry: NEVER, now });
    await driver.create('b', { fields: fields({ x: '3', y: '4' }), expiry: NEVER, now });
    await driver.update('a', { set: fields({ x: '10' }), del: [], expiry: NEVER, now });
    expect(
      Object.fromEntries((await driver.read('a', { now, touch: false }))?.fields ?? []),
    ).toEqual({
      x: '10',
      y: '2',
    });
    expect(
      Object.fromEntries((await driver.read('b', { now, touch: false }))?.fields ?? []),
    ).toEqual({
      x: '3',
      y: '4',
    });
  });
});
