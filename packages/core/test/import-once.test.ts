import { describe, expect, it } from 'vitest';
import { InvalidOptionError, Vial } from '../src/index.js';
import { mapDriverWithClock } from './support/map-driver.js';

const KEY = 'an import key of some length';

function setup() {
  const { driver } = mapDriverWithClock();
  return { vial: new Vial({ driver, ttl: '1h' }), driver };
}

describe('vial.importOnce(source, key, read, fill)', () => {
  it('gives 10 concurrent imports of one source one stored session, each with its data', async () => {
    const { vial, driver } = setup();
    let reads = 0;
    const read = async () => {
      reads += 1;
      return { cart: ['tea'] };
    };
    const sessions = await Promise.all(
      Array.from({ length: 10 }, () =>
        vial.importOnce('old-sid-1', KEY, read, (session, found) =>
          session.set('cart', found.cart),
        ),
      ),
    );
    expect(new Set(sessions.map((s) => s?.id)).size).toBe(1);
    expect(sessions.map((s) => s?.get('cart'))).toEqual(sessions.map(() => ['tea']));
    expect(driver.records.size).toBe(1);
    expect(reads).toBeGreaterThanOrEqual(1);
  });

  it('loads a session imported before without reading the source again', async () => {
    const { vial } = setup();
    const first = await vial.importOnce(
      's',
      KEY,
      async () => ({ n: 1 }),
      (s, f) => s.set('n', f.n),
    );
    let read = false;
    const again = await vial.importOnce(
      's',
      KEY,
      async () => {
        read = true;
        return { n: 2 };
      },
      (s, f) => s.set('n', f.n),
    );
    expect([again?.id, again?.get('n'), read]).toEqual([first?.id, 1, false]);
  });

  it('gives null when the source has nothing and nothing was imported, and derives distinct tokens per source and key', async () => {
    const { vial, driver } = setup();
    expect(
      await vial.importOnce(
        'gone',
        KEY,
        async () => null,
        () => {},
      ),
    ).toBeNull();
    expect(driver.records.size).toBe(0);
    const a = await vial.importOnce(
      'a',
      KEY,
      async () => 1,
      (s) => s.set('x', 1),
    );
    const b = await vial.importOnce(
      'b',
      KEY,
      async () => 1,
      (s) => s.set('x', 1),
    );
    const c = await vial.importOnce(
      'a',
      `${KEY}!`,
      async () => 1,
      (s) => s.set('x', 1),
    );
    expect(new Set([a?.id, b?.id, c?.id]).size).toBe(3);
  });

  it('finds the session another import stored while its own read found the source gone', async () => {
    const { vial } = setup();
    let stored: string | null | undefined;
    const late = await vial.importOnce(
      'raced',
      KEY,
      async () => {
        // Another request imports it and retires the source between this load and this read.
        const winner = await vial.importOnce(
          'raced',
          KEY,
          async () => 1,
          (s) => s.set('x', 1),
        );
        stored = winner?.id;
        return null;
      },
      () => {},
    );
    expect(late?.id).toBe(stored);
    expect(late?.get('x')).toBe(1);
  });

  it('refuses a short key', async () => {
    const { vial } = setup();
    await expect(
      vial.importOnce(
        's',
        'short',
        async () => 1,
        () => {},
      ),
    ).rejects.toBeInstanceOf(InvalidOptionError);
  });
});
