import { type Driver, SessionGoneError, Vial } from '@vial/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeRedisDriver } from '../src/index.js';
import { connectTarget, TARGETS, type TestClient } from './support/clients.js';

describe.each(TARGETS)('through Vial on a %s deployment', (target) => {
  let client: TestClient;
  let driver: Driver;
  let vial: Vial;

  beforeAll(async () => {
    client = await connectTarget(target);
    driver = nodeRedisDriver(client.connection);
    vial = new Vial({ driver, ttl: '1h' });
  });
  afterAll(() => client.close());

  async function savedSession(): Promise<string> {
    const s = vial.session();
    s.set('color', 'blue');
    await s.save();
    if (s.id === null) throw new Error('a saved session has an id');
    return s.id;
  }

  test('a saved session loads back with its data', async () => {
    const token = await savedSession();
    const loaded = await vial.load(token);
    expect(loaded.isNew).toBe(false);
    expect(loaded.get('color')).toBe('blue');
  });

  test('100 concurrent requests, each loading, setting its own key and saving, keep all 100 keys', async () => {
    const token = await savedSession();
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const s = await vial.load(token);
        s.set(`request${i}`, i);
        await s.save();
      }),
    );
    const final = await vial.load(token);
    for (let i = 0; i < 100; i++) expect(final.get(`request${i}`)).toBe(i);
    expect(final.get('color')).toBe('blue');
    expect(final.size).toBe(101);
  });

  test('a save after a concurrent destroy fails with SessionGoneError and does not resurrect it', async () => {
    const token = await savedSession();
    const [a, b] = await Promise.all([vial.load(token), vial.load(token)]);
    a.set('color', 'red');
    await b.destroy();
    await expect(a.save()).rejects.toThrow(SessionGoneError);
    expect((await vial.load(token)).isNew).toBe(true);
  });

  test('a save racing a destroy either lands before it or fails with SessionGoneError; the session stays gone', async () => {
    for (let round = 0; round < 20; round++) {
      const token = await savedSession();
      const [a, b] = await Promise.all([vial.load(token), vial.load(token)]);
      a.set('color', 'red');
      // Start the destroy 0 to 3 event-loop turns after the save, so that
      // it reaches Redis before the save in some rounds and after it in others.
      const later = async () => {
        for (let turn = 0; turn < round % 4; turn++) await new Promise(setImmediate);
        await b.destroy();
      };
      const [saved] = await Promise.allSettled([a.save(), later()]);
      if (saved.status === 'rejected') expect(saved.reason).toBeInstanceOf(SessionGoneError);
      expect((await vial.load(token)).isNew).toBe(true);
    }
  });
});
