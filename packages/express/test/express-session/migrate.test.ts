import { Browser } from '@vial/adapter-test-suite';
import { RedisStore } from 'connect-redis';
import { sign } from 'cookie-signature';
import { createClient } from 'redis';
import { describe, expect, test } from 'vitest';
import { OLD_SECRET, useMigration } from './migration-fixture.js';

const migration = useMigration();
const { oldApp, newApp, signedInOnOldApp } = migration;
const client = () => migration.client;

describe('expressSession({ migrateFrom }) with express-session + connect-redis 9 on real Redis', () => {
  test('a session written by express-session opens for the same user, its old record is gone, and the old cookie opens nothing once the import window has passed', async () => {
    const clock = { now: Date.now() };
    const app = await newApp({ clock: () => clock.now });
    const browser = app.browser();
    const { sid } = await signedInOnOldApp(browser);
    const oldCookie = browser.jar.get('connect.sid') as string;

    expect(await browser.text('/me')).toBe('alice');
    expect(browser.jar.has('connect.sid')).toBe(false); // cleared
    expect(browser.jar.has('vial')).toBe(true);
    expect(JSON.parse(await browser.text('/data'))).toEqual({ passport: { user: 'u-alice' } });
    expect(await client().exists(`sess:${sid}`)).toBe(0);
    expect(
      await new Promise((resolve) => migration.store.get(sid, (_e, s) => resolve(s))),
    ).toBeNull();

    // Within the window a request still in flight with the old cookie lands in the same session.
    const late = app.browser();
    late.jar.set('connect.sid', oldCookie);
    expect(await late.text('/me')).toBe('alice');
    expect(late.jar.get('vial')).toBe(browser.jar.get('vial'));

    clock.now += 61_000;
    const replay = app.browser();
    replay.jar.set('connect.sid', oldCookie);
    expect(await replay.text('/me')).toBe('anonymous');
    expect(replay.jar.has('vial')).toBe(false);
    expect(await browser.text('/me')).toBe('alice'); // the migrated session goes on
  });

  test('10 requests at once with one old cookie, 50 times over: every one signed in, one vial session per old session', async () => {
    const app = await newApp();
    const old = await oldApp();
    const before = (await client().keys('vial:s:*')).length;
    for (let round = 0; round < 50; round++) {
      const visit = await fetch(`${old}/visit`);
      const preLogin = visit.headers.getSetCookie()[0]?.split(';')[0] as string;
      const login = await fetch(`${old}/login?username=alice&password=wonderland`, {
        headers: { cookie: preLogin },
      });
      const cookie = login.headers.getSetCookie()[0]?.split(';')[0] as string;
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => fetch(`${app.url}/me`, { headers: { cookie } })),
      );
      const bodies = await Promise.all(answers.map((answer) => answer.text()));
      expect(bodies, `round ${round}`).toEqual(bodies.map(() => 'alice'));
      const vialCookies = new Set(
        answers.map(
          (answer) =>
            answer.headers
              .getSetCookie()
              .find((line) => line.startsWith('vial='))
              ?.split(';')[0],
        ),
      );
      expect(vialCookies.size, `round ${round}: distinct vial cookies`).toBe(1);
    }
    expect((await client().keys('vial:s:*')).length - before).toBe(50);
  });

  test('with userIdOf, a migrated passport session is bound on import: sessionsOf lists it and revokeUser ends it', async () => {
    const app = await newApp({
      userIdOf: (data) => (data.passport as { user?: string } | undefined)?.user,
    });
    const browser = app.browser();
    await signedInOnOldApp(browser);
    expect(await browser.text('/me')).toBe('alice');
    const listed = await app.vial.sessionsOf('u-alice');
    expect(listed).toHaveLength(1);
    expect(await app.vial.revokeUser('u-alice')).toBe(1);
    expect(await browser.text('/me')).toBe('anonymous');
  });

  test('a passport login through expressSession({ userIdOf }) on Redis is listed by sessionsOf and ended by revokeUser, beside a migrated one', async () => {
    const app = await newApp({
      userIdOf: (data) => (data.passport as { user?: string } | undefined)?.user,
    });
    const migrated = app.browser();
    await signedInOnOldApp(migrated);
    expect(await migrated.text('/me')).toBe('alice');
    const fresh = app.browser();
    expect(await fresh.text('/login?username=alice&password=wonderland')).toBe('welcome');
    const listed = await app.vial.sessionsOf('u-alice');
    expect(listed).toHaveLength(2);
    expect(await app.vial.revokeUser('u-alice')).toBe(2);
    expect(await fresh.text('/me')).toBe('anonymous');
    expect(await migrated.text('/me')).toBe('anonymous');
    expect(await app.vial.sessionsOf('u-alice')).toEqual([]);
  });

  test('an old session with a key vial cannot hold moves without that key, says so, and is retired', async () => {
    const app = await newApp();
    const sid = 'old-session-with-a-long-key';
    const longKey = 'k'.repeat(300); // over maxKeyBytes (256)
    const old = { cookie: { originalMaxAge: 86_400_000 }, passport: { user: 'u-alice' } };
    await new Promise<void>((resolve, reject) =>
      migration.store.set(sid, { ...old, [longKey]: 1 } as never, (e) =>
        e ? reject(e) : resolve(),
      ),
    );
    const warnings: string[] = [];
    const onWarning = (warning: Error & { code?: string }) => {
      if (warning.code === 'VIAL_MIGRATE_KEY_SKIPPED') warnings.push(warning.message);
    };
    process.on('warning', onWarning);
    try {
      const browser = app.browser();
      browser.jar.set('connect.sid', encodeURIComponent(`s:${sign(sid, OLD_SECRET)}`));
      expect(await browser.text('/me')).toBe('alice');
      expect(browser.jar.has('connect.sid')).toBe(false);
      expect(JSON.parse(await browser.text('/data'))).toEqual({ passport: { user: 'u-alice' } });
      expect(await client().exists(`sess:${sid}`)).toBe(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/maxKeyBytes/);
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('a forged old cookie opens nothing and leaves the old record alone', async () => {
    const app = await newApp();
    const victim = new Browser('http://unused');
    const { sid } = await signedInOnOldApp(victim);
    const forger = app.browser();
    forger.jar.set('connect.sid', encodeURIComponent(`s:${sid}.${'A'.repeat(43)}`));
    expect(await forger.text('/me')).toBe('anonymous');
    forger.jar.set('connect.sid', encodeURIComponent(sid)); // unsigned
    expect(await forger.text('/me')).toBe('anonymous');
    forger.jar.set('connect.sid', encodeURIComponent(`s:${sid}.${'A'.repeat(43)}`));
    expect(await forger.text('/data')).toBe('{}');
    expect(forger.jar.has('connect.sid')).toBe(false);
    expect(await client().exists(`sess:${sid}`)).toBe(1);
  });

  test("an old session past its cookie's expiry by the Vial's clock, or gone from Redis, opens nothing", async () => {
    const later = Date.now() + 2 * 86_400_000; // the old cookie's maxAge is one day
    const app = await newApp({ clock: () => later });
    const browser = app.browser();
    const { sid } = await signedInOnOldApp(browser);
    expect(await browser.text('/me')).toBe('anonymous');
    expect(await client().exists(`sess:${sid}`)).toBe(0);

    const now = await newApp();
    const other = now.browser();
    const second = await signedInOnOldApp(other);
    await client().del(`sess:${second.sid}`); // what Redis does at the record's TTL
    expect(await other.text('/me')).toBe('anonymous');
    expect(other.jar.has('connect.sid')).toBe(false);
  });

  test('an old store that fails answers 503 and loses nothing: the next request migrates', async () => {
    const broken = createClient({ url: migration.redis.url });
    await broken.connect();
    await broken.close();
    const down = await newApp({ store: new RedisStore({ client: broken }) });
    const browser = down.browser();
    const { sid } = await signedInOnOldApp(browser);
    const failed = await browser.get('/me');
    expect(failed.status).toBe(503);
    expect(failed.headers.getSetCookie()).toEqual([]);
    expect(await client().exists(`sess:${sid}`)).toBe(1);

    const up = await newApp();
    const again = new Browser(up.url);
    again.jar.set('connect.sid', browser.jar.get('connect.sid') as string);
    expect(await again.text('/me')).toBe('alice');
    expect(await client().exists(`sess:${sid}`)).toBe(0);
  });
});
