import { afterEach, describe, expect, test } from 'vitest';
import { expressSession } from '../../src/index.js';
import { type Served, serve, testVial } from './app.js';
import { passportRoutes } from './passport-app.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

const userIdOf = (data: Record<string, unknown>) =>
  (data.passport as { user?: string } | undefined)?.user;

describe('expressSession({ userIdOf }): sessions of the face bound to their user', () => {
  test('a passport login binds the session: sessionsOf lists it and revokeUser signs it out everywhere', async () => {
    const { vial } = testVial();
    served = await serve({ vial, userIdOf }, passportRoutes);
    const [laptop, phone, anonymous] = [served.browser(), served.browser(), served.browser()];
    await laptop.get('/login?username=alice&password=wonderland');
    await phone.get('/login?username=alice&password=wonderland');
    expect(await anonymous.text('/visit')).toBe('1');
    const listed = await vial.sessionsOf('u-alice');
    expect(listed).toHaveLength(2);
    expect(await laptop.text('/me')).toBe('alice');

    expect(await vial.revokeUser('u-alice')).toBe(2);
    expect(await laptop.text('/me')).toBe('anonymous');
    expect(await phone.text('/me')).toBe('anonymous');
    expect(await anonymous.text('/visit')).toBe('2');
    expect(await vial.sessionsOf('u-alice')).toEqual([]);
  });

  test('logout leaves the user with no listed session, and a new login is listed again', async () => {
    const { vial } = testVial();
    served = await serve({ vial, userIdOf }, passportRoutes);
    const browser = served.browser();
    await browser.get('/login?username=alice&password=wonderland');
    expect(await vial.sessionsOf('u-alice')).toHaveLength(1);
    await browser.get('/logout');
    expect(await vial.sessionsOf('u-alice')).toEqual([]);
    await browser.get('/login?username=alice&password=wonderland');
    expect(await vial.sessionsOf('u-alice')).toHaveLength(1);
  });

  test('gives bound sessions the Vial’s userTtl: storage expiry follows the binding', async () => {
    const { vial, store } = testVial({ ttl: '30m', userTtl: '7d' });
    served = await serve({ vial, userIdOf }, passportRoutes);
    const browser = served.browser();
    await browser.get('/visit');
    await browser.get('/login?username=alice&password=wonderland');
    const [entry] = await vial.sessionsOf('u-alice');
    const stored = await store.driver.read(entry?.sid as string, { now: vial.now() });
    expect((stored?.expiresAt ?? 0) - vial.now()).toBeGreaterThan(6 * 86_400_000);
  });

  test('binds a number as its string, and refuses an option that is not a function at registration', async () => {
    const { vial } = testVial();
    served = await serve({ vial, userIdOf: (data) => data.n as number | undefined }, (app) => {
      app.get('/n', (req, res) => {
        req.session.n = 42;
        res.send('ok');
      });
    });
    await served.browser().get('/n');
    expect(await vial.sessionsOf('42')).toHaveLength(1);
    expect(() => expressSession({ vial, userIdOf: 'passport.user' as never })).toThrow(
      /userIdOf must be a function/,
    );
  });
});
