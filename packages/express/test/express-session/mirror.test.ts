import { Browser } from '@vial/adapter-test-suite';
import { InvalidOptionError } from '@vial/core';
import { describe, expect, test } from 'vitest';
import { expressSession } from '../../src/index.js';
import { testVial } from './app.js';
import { OLD_SECRET, useMigration } from './migration-fixture.js';
import { passportRoutes } from './passport-app.js';

const migration = useMigration();
const { oldApp, newApp, roundRobin } = migration;
// While mirroring, old servers must accept what the new ones sign: the same secrets, the same first.
const mirror = { mirror: true, secret: OLD_SECRET } as const;

interface Cart {
  user: string | null;
  cart: string[];
}

async function cart(browser: Browser, item?: string): Promise<Cart> {
  const answer = await browser.get(item === undefined ? '/cart' : `/cart?item=${item}`);
  expect(answer.status).toBe(200);
  return (await answer.json()) as Cart;
}

/** The Redis key of `browser`'s express-session cookie's record. */
function oldKey(browser: Browser): string {
  const value = decodeURIComponent(browser.jar.get('connect.sid') as string);
  return `sess:${value.slice(2, value.lastIndexOf('.'))}`;
}

/** The old record of `browser`'s express-session cookie, as connect-redis holds it. */
async function oldRecord(browser: Browser): Promise<Record<string, unknown> | null> {
  const text = await migration.client.get(oldKey(browser));
  return text === null ? null : (JSON.parse(text) as Record<string, unknown>);
}

describe('expressSession({ migrateFrom: { mirror: true } }): the deploy window beside express-session servers', () => {
  test('a signed-in user alternating between an express-session server and a mirroring vial server for 40 cart additions is never signed out and keeps every item on both, and after a rollback', async () => {
    const old = await oldApp();
    const vial = await newApp({ migrateFrom: mirror });
    const balancer = await roundRobin([old, vial.url]);
    const browser = new Browser(balancer.url);
    const vialKeys = (await migration.client.keys('vial:s:*')).length;
    expect(await browser.text('/login?username=alice&password=wonderland')).toBe('welcome');

    const items: string[] = [];
    for (let i = 0; i < 40; i++) {
      items.push(`item-${i}`);
      expect(await cart(browser, `item-${i}`), `request ${i}`).toEqual({
        user: 'alice',
        cart: items,
      });
    }
    const answered = new Set(balancer.answeredBy);
    expect(answered.size).toBe(2); // both servers served the user
    for (const server of [old, vial.url]) {
      const direct = new Browser(server);
      for (const [name, value] of browser.jar) direct.jar.set(name, value);
      expect(await cart(direct), server).toEqual({ user: 'alice', cart: items });
    }
    expect(browser.jar.has('vial')).toBe(false); // the old cookie stays the session's
    expect((await migration.client.keys('vial:s:*')).length).toBe(vialKeys);

    // Rollback: the vial server leaves, the old one serves on with everything.
    balancer.targets.splice(1, 1);
    for (let i = 40; i < 44; i++) {
      items.push(`item-${i}`);
      expect(await cart(browser, `item-${i}`)).toEqual({ user: 'alice', cart: items });
    }
  });

  test('10 requests at once with one old cookie on the mirroring server, 20 times over: every one signed in, the old session still the one', async () => {
    const old = await oldApp();
    const vial = await newApp({ migrateFrom: mirror });
    for (let round = 0; round < 20; round++) {
      const browser = new Browser(old);
      await browser.get('/login?username=alice&password=wonderland');
      const cookie = `connect.sid=${browser.jar.get('connect.sid')}`;
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => fetch(`${vial.url}/me`, { headers: { cookie } })),
      );
      const bodies = await Promise.all(answers.map((answer) => answer.text()));
      expect(bodies, `round ${round}`).toEqual(bodies.map(() => 'alice'));
      expect(answers.flatMap((answer) => answer.headers.getSetCookie())).toEqual([]);
      expect(await cart(browser)).toEqual({ user: 'alice', cart: [] });
    }
  });

  test('a user who signs in on the mirroring server is signed in on the old one: a new session is started in the old format', async () => {
    const old = await oldApp();
    const vial = await newApp({ migrateFrom: { ...mirror, cookieMaxAge: 86_400_000 } });
    const browser = new Browser(vial.url);
    expect(await cart(browser, 'before-login')).toEqual({ user: null, cart: ['before-login'] });
    const anonymousCookie = browser.jar.get('connect.sid');
    expect(anonymousCookie).toBeDefined();
    const login = await browser.get('/login?username=alice&password=wonderland');
    expect(await login.text()).toBe('welcome');
    // passport regenerates on sign-in: a new old sid, and the anonymous one's record is gone.
    expect(browser.jar.get('connect.sid')).not.toBe(anonymousCookie);
    const line = login.headers.getSetCookie().find((l) => l.startsWith('connect.sid='));
    expect(line).toMatch(/; Expires=/);
    expect(line).toMatch(/; HttpOnly/);
    const record = await oldRecord(browser);
    expect(record).toMatchObject({
      passport: { user: 'u-alice' },
      cookie: { originalMaxAge: 86_400_000 },
    });

    const onOld = new Browser(old);
    onOld.jar.set('connect.sid', browser.jar.get('connect.sid') as string);
    expect(await cart(onOld, 'on-old')).toEqual({ user: 'alice', cart: ['on-old'] });
    expect(await cart(browser)).toEqual({ user: 'alice', cart: ['on-old'] });
    expect(browser.jar.has('vial')).toBe(false);
  });

  test('a sign-out on either server holds on the other, and a save that was in flight does not bring the session back', async () => {
    const old = await oldApp();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const vial = await newApp({
      migrateFrom: mirror,
      routes: (app) => {
        passportRoutes(app);
        app.get('/slow-add', async (req, res) => {
          await gate;
          req.session.cart = [...(req.session.cart ?? []), 'late'];
          res.send('added');
        });
      },
    });
    const browser = new Browser(old);
    await browser.get('/login?username=alice&password=wonderland');
    const onVial = new Browser(vial.url);
    onVial.jar.set('connect.sid', browser.jar.get('connect.sid') as string);
    expect((await cart(onVial)).user).toBe('alice');

    const inFlight = onVial.get('/slow-add');
    expect(await browser.text('/logout')).toBe('bye'); // on the old server
    release();
    expect((await inFlight).status).toBe(200);
    onVial.jar.set('connect.sid', browser.jar.get('connect.sid') as string);
    expect((await cart(onVial)).user).toBeNull();
    expect(await cart(browser)).toEqual({ user: null, cart: [] });

    // And the other way: signed in again, out on the vial server, out on the old one.
    await browser.get('/login?username=alice&password=wonderland');
    onVial.jar.set('connect.sid', browser.jar.get('connect.sid') as string);
    const record = await oldRecord(browser);
    expect(record).toMatchObject({ passport: { user: 'u-alice' } });
    expect(await onVial.text('/logout')).toBe('bye');
    browser.jar.set('connect.sid', onVial.jar.get('connect.sid') as string);
    expect((await cart(browser)).user).toBeNull();
  });

  test('after the window, the move: with mirror off the same old cookie moves into vial with everything, and the old record and cookie go', async () => {
    const old = await oldApp();
    const mirroring = await newApp({ migrateFrom: mirror });
    const balancer = await roundRobin([old, mirroring.url]);
    const browser = new Browser(balancer.url);
    await browser.get('/login?username=alice&password=wonderland');
    for (let i = 0; i < 4; i++) await cart(browser, `item-${i}`);
    const key = oldKey(browser);
    expect(await migration.client.exists(key)).toBe(1);

    const moving = await newApp();
    balancer.targets.splice(0, 2, moving.url);
    expect(await cart(browser)).toEqual({
      user: 'alice',
      cart: ['item-0', 'item-1', 'item-2', 'item-3'],
    });
    expect(browser.jar.has('connect.sid')).toBe(false);
    expect(browser.jar.has('vial')).toBe(true);
    expect(await migration.client.exists(key)).toBe(0);
  });

  test("an unchanged request slides the old record's expiry through the store's touch, and changes nothing else", async () => {
    const old = await oldApp();
    const vial = await newApp({ migrateFrom: mirror });
    const browser = new Browser(old);
    await browser.get('/login?username=alice&password=wonderland');
    await cart(browser, 'a');
    const before = await oldRecord(browser);
    const key = oldKey(browser);
    await migration.client.expire(key, 100);
    const onVial = new Browser(vial.url);
    onVial.jar.set('connect.sid', browser.jar.get('connect.sid') as string);
    const answer = await onVial.get('/me');
    expect(await answer.text()).toBe('alice');
    expect(answer.headers.getSetCookie()).toEqual([]);
    expect(await migration.client.ttl(key)).toBeGreaterThan(86_000);
    expect(await oldRecord(browser)).toEqual(before);
  });

  test('mirror needs a store that can be written, and is true or false', () => {
    const { vial } = testVial();
    const readOnly = { get: () => undefined, destroy: () => undefined };
    const options = (migrateFrom: object) => () =>
      expressSession({ vial, migrateFrom: { secret: 's', ...migrateFrom } as never });
    expect(options({ store: readOnly, mirror: true })).toThrow(InvalidOptionError);
    expect(options({ store: readOnly, mirror: true })).toThrow(/needs set\(sid, session, cb\)/);
    expect(options({ store: readOnly, mirror: 'yes' })).toThrow(/mirror must be true or false/);
    expect(options({ store: readOnly, cookieMaxAge: '1d' })).toThrow(/cookieMaxAge/);
    expect(options({ store: readOnly })).not.toThrow();
  });
});
