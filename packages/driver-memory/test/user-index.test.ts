import { describe, expect, it } from 'vitest';
import { MINUTE, testDriver } from './helpers.js';

describe('user index', () => {
  it('lists the sessions added for a user with their expiry, and no one else’s', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.userIndex.add('alice', 's1', now + MINUTE, now);
    await driver.userIndex.add('alice', 's2', null, now);
    await driver.userIndex.add('bob', 's3', now + MINUTE, now);
    const listed = await driver.userIndex.list('alice', now);
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(
      expect.arrayContaining([
        { sid: 's1', expiresAt: now + MINUTE },
        { sid: 's2', expiresAt: null },
      ]),
    );
    expect(await driver.userIndex.list('nobody', now)).toEqual([]);
  });

  it('updates the expiry of a sid added twice instead of listing it twice', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.userIndex.add('alice', 's1', now + MINUTE, now);
    await driver.userIndex.add('alice', 's1', now + 5 * MINUTE, now);
    expect(await driver.userIndex.list('alice', now)).toEqual([
      { sid: 's1', expiresAt: now + 5 * MINUTE },
    ]);
  });

  it('prunes entries expired at or before now while listing, for good', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.userIndex.add('alice', 'short', now + MINUTE, now);
    await driver.userIndex.add('alice', 'long', now + 10 * MINUTE, now);
    const sidsAt = async (at: number) =>
      (await driver.userIndex.list('alice', at)).map((e) => e.sid);
    expect(await sidsAt(now + MINUTE)).toEqual(['long']);
    expect(await sidsAt(now)).toEqual(['long']);
  });

  it('prunes the user’s entries expired at now when adding one', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.userIndex.add('alice', 'old', now + MINUTE, now);
    await driver.userIndex.add('alice', 'new', now + 10 * MINUTE, now + MINUTE);
    expect(await driver.userIndex.list('alice', now)).toEqual([
      { sid: 'new', expiresAt: now + 10 * MINUTE },
    ]);
  });

  it('forgets a user once every entry is pruned or removed', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.userIndex.add('alice', 's1', now + MINUTE, now);
    await driver.userIndex.add('bob', 's2', now + MINUTE, now);
    expect(driver.stats().users).toBe(2);
    await driver.userIndex.list('alice', now + MINUTE);
    await driver.userIndex.remove('bob', ['s2']);
    expect(driver.stats().users).toBe(0);
  });

  it('removes the named sids and ignores absent sids and users', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    for (const sid of ['s1', 's2', 's3']) await driver.userIndex.add('alice', sid, null, now);
    await driver.userIndex.remove('alice', ['s1', 's3', 'unknown']);
    await driver.userIndex.remove('nobody', ['s1']);
    expect(await driver.userIndex.list('alice', now)).toEqual([{ sid: 's2', expiresAt: null }]);
  });

  it('stays as small as a user’s live sessions however many logins come and go', async () => {
    const { driver, clock } = testDriver();
    for (let i = 0; i < 1000; i++) {
      await driver.userIndex.add('alice', `s${i}`, clock() + MINUTE, clock());
      clock.advance(MINUTE / 2);
    }
    expect((await driver.userIndex.list('alice', clock())).length).toBeLessThanOrEqual(2);
  });

  it('keeps a user whose sessions never expire', async () => {
    const { driver, clock } = testDriver();
    await driver.userIndex.add('forever', 's1', null, clock());
    for (let i = 0; i < 10; i++) {
      clock.advance(365 * 24 * 60 * MINUTE);
      await driver.userIndex.add(`other${i}`, 'x', clock() + 1, clock());
    }
    expect(await driver.userIndex.list('forever', clock())).toEqual([
      { sid: 's1', expiresAt: null },
    ]);
  });

  it('keeps user ids apart from object internals', async () => {
    const { driver, clock } = testDriver();
    const now = clock();
    await driver.userIndex.add('__proto__', 's1', null, now);
    await driver.userIndex.add('constructor', 's2', null, now);
    expect(await driver.userIndex.list('__proto__', now)).toEqual([{ sid: 's1', expiresAt: null }]);
    expect(await driver.userIndex.list('toString', now)).toEqual([]);
  });
});
