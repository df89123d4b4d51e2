import { describe, expect, it } from 'vitest';
import { fields, MINUTE, testDriver } from './helpers.js';

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const sids: string[] = [];
  for await (const sid of iterable) sids.push(sid);
  return sids;
}

describe('iterating sids', () => {
  it('yields every live sid once and skips expired and destroyed ones', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('live', { fields: fields({ a: '1' }), expiresAt: now + 10 * MINUTE, now });
    await driver.create('forever', { fields: fields({ a: '1' }), expiresAt: null, now });
    await driver.create('expiring', { fields: fields({ a: '1' }), expiresAt: now + MINUTE, now });
    await driver.create('destroyed', { fields: fields({ a: '1' }), expiresAt: null, now });
    await driver.destroy(['destroyed']);
    clock.advance(MINUTE);
    expect((await collect(driver.sids())).sort()).toEqual(['forever', 'live']);
  });

  it('yields a sid destroyed and created again during iteration only once', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    for (const sid of ['a', 'b', 'c']) {
      await driver.create(sid, { fields: fields({ x: sid }), expiresAt: null, now });
    }
    const seen: string[] = [];
    for await (const sid of driver.sids()) {
      seen.push(sid);
      if (sid === 'a') {
        await driver.destroy(['a']);
        await driver.create('a', { fields: fields({ x: 'again' }), expiresAt: null, now });
      }
    }
    expect(seen.sort()).toEqual(['a', 'b', 'c']);
  });

  it('skips a record that expires while the iteration is under way', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.create('first', { fields: fields({ a: '1' }), expiresAt: null, now });
    await driver.create('second', { fields: fields({ a: '1' }), expiresAt: now + MINUTE, now });
    const seen: string[] = [];
    for await (const sid of driver.sids()) {
      seen.push(sid);
      clock.advance(MINUTE);
    }
    expect(seen).toEqual(['first']);
  });
});
