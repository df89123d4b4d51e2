import { afterEach, describe, expect, test } from 'vitest';
import { type Served, serve, testVial } from './app.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

const SEEN = '2026-12-07T10:00:00.000Z';

/** Routes of a ported app that store what express-session's JSON serialization accepted. */
function portedRoutes(app: Parameters<Parameters<typeof serve>[1]>[0]) {
  app.get('/assign', (req, res) => {
    const session = req.session as unknown as Record<string, unknown>;
    session.lastSeen = new Date(SEEN);
    session.score = Number.NaN;
    session.tags = new Set(['a']);
    session.profile = { visits: 1, at: new Date(SEEN) };
    res.send('ok');
  });
  app.get('/mutate', (req, res) => {
    const session = req.session as unknown as Record<string, { visits: number; seen?: Date }>;
    const profile = session.profile as { visits: number; seen?: Date };
    profile.visits += 1;
    profile.seen = new Date(SEEN);
    res.send('ok');
  });
  app.get('/save-explicitly', (req, res, next) => {
    const session = req.session as unknown as Record<string, unknown>;
    session.when = new Date(SEEN);
    req.session.save((error) => (error ? next(error) : res.send('saved')));
  });
  app.get('/bigint', (req, res) => {
    (req.session as unknown as Record<string, unknown>).big = 1n;
    res.send('not reached');
  });
  app.get('/data', (req, res) => res.send(JSON.stringify(req.session)));
}

describe("the express-session face stores what express-session's JSON did", () => {
  test('a Date becomes its ISO string, NaN null, a Set {}, inside objects too, where the codec refuses the value', async () => {
    const { vial } = testVial();
    served = await serve({ vial }, portedRoutes);
    const browser = served.browser();
    expect((await browser.get('/assign')).status).toBe(200);
    expect(JSON.parse(await browser.text('/data'))).toEqual({
      lastSeen: SEEN,
      score: null,
      tags: {},
      profile: { visits: 1, at: SEEN },
    });
  });

  test('a Date put inside a stored value later is saved as JSON would have it, not answered with a 500', async () => {
    const { vial } = testVial();
    served = await serve({ vial }, portedRoutes);
    const browser = served.browser();
    await browser.get('/assign');
    expect((await browser.get('/mutate')).status).toBe(200);
    expect(JSON.parse(await browser.text('/data')).profile).toEqual({
      visits: 2,
      at: SEEN,
      seen: SEEN,
    });
    expect(await browser.text('/save-explicitly')).toBe('saved');
    expect(JSON.parse(await browser.text('/data')).when).toBe(SEEN);
  });

  test('a BigInt still fails, as JSON.stringify made it fail under express-session', async () => {
    const { vial } = testVial();
    served = await serve({ vial }, portedRoutes);
    const answer = await served.browser().get('/bigint');
    expect(answer.status).toBe(500);
    expect(String(served.errors[0])).toMatch(/BigInt/);
  });
});
