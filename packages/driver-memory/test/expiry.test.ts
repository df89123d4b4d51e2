import { describe, expect, it } from 'vitest';
import { fields, idle, MINUTE, testDriver } from './helpers.js';

describe('expiry judged by the now of each operation', () => {
  it('reads a record as absent once its idle window has passed', async () => {
    const { driver, clock } = testDriver();
    await driver.create('s', {
      fields: fields({ a: '1' }),
      expiry: idle(30 * MINUTE),
      now: clock(),
    });
    clock.advance(30 * MINUTE - 1);
    expect(await driver.read('s', { now: clock(), touch: false })).not.toBeNull();
    clock.advance(1);
    expect(await driver.read('s', { now: clock(), touch: false })).toBeNull();
  });

  it('slides the idle expiry on a read with touch, from the stored policy', async () => {
    const { driver, clock } = testDriver();
    await driver.create('s', {
      fields: fields({ a: '1' }),
      expiry: idle(30 * MINUTE),
      now: clock(),
    });
    for (let i = 0; i < 5; i++) {
      clock.advance(20 * MINUTE);
      const record = await driver.read('s', { now: clock(), touch: true });
      expect(record?.expiresAt).toBe(clock() + 30 * MINUTE);
    }
    clock.advance(30 * MINUTE);
    expect(await driver.read('s', { now: clock(), touch: false })).toBeNull();
  });

  it('does not extend the expiry on a read without touch', async () => {
    const { driver, clock } = testDriver();
    const start = clock();
    await driver.create('s', { fields: fields({ a: '1' }), expiry: idle(30 * MINUTE), now: start });
    clock.advance(20 * MINUTE);
    expect((await driver.read('s', { now: clock(), touch: false }))?.expiresAt).toBe(
      start + 30 * MINUTE,
    );
    clock.advance(10 * MINUTE);
    expect(await driver.read('s', { now: clock(), touch: false })).toBeNull();
  });

  it('never slides past the absolute deadline', async () => {
    const { driver, clock } = testDriver();
    const deadline = clock() + 45 * MINUTE;
    await driver.create('s', {
      fields: fields({ a: '1' }),
      expiry: idle(30 * MINUTE, deadline),
      now: clock(),
    });
    clock.advance(20 * MINUTE);
    expect((await driver.read('s', { now: clock(), touch: true }))?.expiresAt).toBe(deadline);
    clock.advance(24 * MINUTE);
    expect((await driver.read('s', { now: clock(), touch: true }))?.expiresAt).toBe(deadline);
    clock.advance(MINUTE);
    expect(await driver.read('s', { now: clock(), touch: true })).toBeNull();
  });

  it('expires a deadline-only record at its deadline however often it is touched', async () => {
    const { driver, clock } = testDriver();
    const deadline = clock() + 10 * MINUTE;
    await driver.create('s', {
      fields: fields({ a: '1' }),
      expiry: idle(null, deadline),
      now: clock(),
    });
    clock.advance(10 * MINUTE - 1);
    expect((await driver.read('s', { now: clock(), touch: true }))?.expiresAt).toBe(deadline);
    clock.advance(1);
    expect(await driver.read('s', { now: clock(), touch: true })).toBeNull();
  });

  it('applies the new policy an update carries, for later touches too', async () => {
    const { driver, clock } = testDriver();
    await driver.create('s', { fields: fields({ a: '1' }), expiry: idle(MINUTE), now: clock() });
    await driver.update('s', { set: new Map(), del: [], expiry: idle(60 * MINUTE), now: clock() });
    clock.advance(50 * MINUTE);
    const record = await driver.read('s', { now: clock(), touch: true });
    expect(record?.expiresAt).toBe(clock() + 60 * MINUTE);
  });

  it('treats a record created already past its deadline as expired', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    expect(
      await driver.create('s', { fields: fields({ a: '1' }), expiry: idle(MINUTE, now), now }),
    ).toBe(true);
    expect(await driver.read('s', { now, touch: false })).toBeNull();
    expect(driver.stats()).toMatchObject({ records: 0, scheduled: 0 });
  });
});
