import { InvalidOptionError, Vial } from '@vial/core';
import { afterEach, describe, expect, test } from 'vitest';
import { Browser } from './browser.js';
import { flakyDriver } from './flaky-driver.js';
import type { AdapterHarness, KitApp, KitData, KitOptions } from './harness.js';

const SECRET = 'the adapter kit secret, 32 chars';
const OLDER_SECRET = 'an older kit secret of 32 chars!';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What a second app of a test shares with the first: the store and its clock. */
interface Shared {
  readonly clock: { now: number };
  readonly store: ReturnType<typeof flakyDriver>;
  readonly vial: Vial<KitData>;
}

/** The token a cookie value carries, without the expiry it records (`<token>~<expiry>`). */
const tokenOf = (value: string | undefined) => (value ?? '').split('~')[0] as string;

/**
 * The HTTP behaviours every vial adapter shares, run against `harness`: the
 * one default (a request with the cookie loads, one without costs nothing),
 * the cookie set only when needed and refreshed once per step, tampered and
 * re-signed cookies, sign-out and sign-in, concurrent requests that keep
 * every key, 503 on an outage and 413 on a limit with nothing half-written,
 * "remember me", the cookie rules and the option check.
 */
export function describeAdapter(harness: AdapterHarness): void {
  describe(`${harness.name}: the adapter kit`, () => {
    const running: KitApp[] = [];
    afterEach(async () => {
      await Promise.all(running.splice(0).map((app) => app.close()));
    });

    /**
     * An app on a counting memory store and a still clock, years away from
     * the wall clock (so that a cookie's Max-Age counted from anything but
     * the Vial's clock shows); a one-hour ttl, small limits.
     */
    async function start(
      options: Omit<KitOptions, 'vial'> = {},
      shared?: Shared,
      vialOptions: { rolling?: boolean } = {},
    ) {
      const clock = shared?.clock ?? { now: Date.UTC(2001, 0, 1, 12) };
      const store = shared?.store ?? flakyDriver({ clock: () => clock.now });
      const vial =
        shared?.vial ??
        new Vial<KitData>({
          driver: store.driver,
          ttl: '1h',
          maxValueBytes: 4096,
          maxRecordBytes: 8192,
          ...vialOptions,
        });
      const app = await harness.serve({ vial, ...options });
      running.push(app);
      const browser = () => new Browser('http://kit.test', (request) => app.fetch(request));
      return { clock, store, vial, app, browser };
    }

    test('a cookie only when needed: nothing for a visit, one Set-Cookie for the first change, none for a read', async () => {
      const { store, clock, browser } = await start();
      const b = browser();
      expect(await b.text('/untouched')).toBe('ok');
      expect(await b.text('/get')).toBe('{}');
      expect(b.lastSetCookies).toEqual([]);
      expect(store.total()).toBe(0);
      expect(await b.text('/set?color=blue')).toBe('ok');
      expect(b.lastSetCookies).toMatchObject([
        { name: 'vial', path: '/', httpOnly: true, sameSite: 'lax' },
      ]);
      expect(store.calls.create).toBe(1);
      // Max-Age and Expires count from the Vial's clock: one hour.
      expect(b.lastSetCookies[0]?.maxAge).toBe(3600);
      expect(b.lastSetCookies[0]?.expires?.getTime()).toBe(clock.now + HOUR);
      store.reset();
      expect(await b.text('/get')).toBe('{"color":"blue"}');
      expect(b.lastSetCookies).toEqual([]);
      expect(store.calls).toMatchObject({ read: 1, create: 0, update: 0, touch: 0 });
    });

    test('the one default: a request with the cookie gets its session loaded (one read), even on a route that never touches it', async () => {
      const { store, browser } = await start();
      const b = browser();
      await b.get('/set?color=blue');
      store.reset();
      expect(await b.text('/untouched')).toBe('ok');
      expect(b.lastSetCookies).toEqual([]);
      expect(store.total()).toBe(1);
      expect(store.calls.read).toBe(1);
    });

    // Registered only for adapters that have the option: no test is left skipped.
    if (harness.lazy) {
      test('with lazy: true, a route that never asks for the session costs no storage call, even with the cookie', async () => {
        const { store, browser } = await start({ lazy: true });
        const b = browser();
        await b.get('/set?color=blue');
        store.reset();
        expect(await b.text('/untouched')).toBe('ok');
        expect(store.total()).toBe(0);
        expect(b.lastSetCookies).toEqual([]);
      });
    }

    test('the cookie is refreshed once per step (1 % of the lifetime) as the expiry slides, with the same token', async () => {
      const { clock, browser } = await start();
      const b = browser();
      await b.get('/set?color=blue');
      const first = b.lastSetCookies[0];
      clock.now += 10_000; // within the step of 36 s
      await b.get('/get');
      expect(b.lastSetCookies).toEqual([]);
      clock.now += 30_000;
      await b.get('/get');
      const refreshed = b.lastSetCookies[0];
      expect(tokenOf(refreshed?.value)).toBe(tokenOf(first?.value));
      expect(refreshed?.maxAge).toBeGreaterThanOrEqual(3600);
      expect(refreshed?.maxAge).toBeLessThanOrEqual(3600 + 60);
    });

    test("with the Vial's rolling: false, a request that changes nothing sends no Set-Cookie; a change that moves the expiry past the cookie's step refreshes it", async () => {
      const { clock, browser } = await start({}, undefined, { rolling: false });
      const b = browser();
      await b.get('/set?n=1');
      const token = tokenOf(b.jar.get('vial'));
      clock.now += 60_000;
      expect(await b.text('/get')).toBe('{"n":"1"}');
      expect(b.lastSetCookies).toEqual([]);
      await b.get('/set?n=2');
      expect(tokenOf(b.lastSetCookies[0]?.value)).toBe(token);
      expect(b.lastSetCookies[0]?.maxAge).toBe(3600);
    });

    test('a streamed response still carries the cookie of the session it changed', async () => {
      const { browser } = await start();
      const b = browser();
      expect(await b.text('/stream')).toBe('first last');
      expect(b.lastSetCookies).toHaveLength(1);
      expect(await b.text('/get')).toBe('{"streamed":true}');
    });

    test('a tampered or malformed cookie opens a fresh session, writes nothing, and the dead cookie is cleared', async () => {
      const { store, browser } = await start();
      const b = browser();
      await b.get('/set?color=blue');
      const token = tokenOf(b.jar.get('vial'));
      const tampered = `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
      b.jar.set('vial', tampered);
      store.reset();
      expect(await b.text('/get')).toBe('{}');
      expect(b.lastSetCookies).toMatchObject([{ name: 'vial', maxAge: 0 }]);
      expect(store.calls).toMatchObject({ create: 0, update: 0, touch: 0, destroy: 0 });
      b.jar.set('vial', 'not-a-token');
      store.reset();
      expect(await b.text('/get')).toBe('{}');
      expect(store.total()).toBe(0);
      const owner = browser();
      owner.jar.set('vial', token);
      expect(await owner.text('/get')).toBe('{"color":"blue"}');
    });

    test('sign-out: destroy clears the cookie, and the old cookie opens nothing', async () => {
      const { browser } = await start();
      const b = browser();
      await b.get('/set?color=blue');
      const old = b.jar.get('vial') as string;
      expect(await b.text('/destroy')).toBe('bye');
      expect(b.lastSetCookies).toMatchObject([{ name: 'vial', maxAge: 0 }]);
      const replay = browser();
      replay.jar.set('vial', old);
      expect(await replay.text('/get')).toBe('{}');
    });

    if (harness.replaceAfterDestroy) {
      test('a session put in place of a destroyed one, in the same request, replaces the cleared cookie with its own', async () => {
        const { browser } = await start();
        const b = browser();
        await b.get('/set?color=blue');
        const old = tokenOf(b.jar.get('vial'));
        expect(await b.text('/replace')).toBe('bye');
        expect(b.lastSetCookies).toHaveLength(1);
        expect(tokenOf(b.jar.get('vial'))).not.toBe(old);
        expect(await b.text('/get')).toBe('{"flash":"signed out"}');
      });
    }

    test('sign-in: regenerate sends a new token and retires the old one', async () => {
      const { browser } = await start();
      const b = browser();
      await b.get('/set?color=blue');
      const old = b.jar.get('vial') as string;
      expect(await b.text('/regenerate')).toBe('ok');
      expect(tokenOf(b.jar.get('vial'))).not.toBe(tokenOf(old));
      const data = JSON.parse(await b.text('/get')) as KitData;
      expect(data.regenerated).toBe('1');
      expect(data.color).toBe(harness.regenerateKeepsData ? 'blue' : undefined);
      const replay = browser();
      replay.jar.set('vial', old);
      expect(await replay.text('/get')).toBe('{}');
    });

    test('50 requests at once of one browser, each changing its own key, keep all 50', async () => {
      const { browser, app } = await start();
      const b = browser();
      await b.get('/set?start=1');
      const cookie = `vial=${b.jar.get('vial')}`;
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          app.fetch(new Request(`http://kit.test/set?k${i}=${i}`, { headers: { cookie } })),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
      const data = JSON.parse(await b.text('/get')) as Record<string, string>;
      expect(Object.keys(data)).toHaveLength(51);
      for (let i = 0; i < 50; i++) expect(data[`k${i}`]).toBe(String(i));
    });

    test('a store outage answers 503, on a load and on a save, sets no cookie and loses nothing', async () => {
      const { store, browser } = await start();
      const b = browser();
      await b.get('/set?color=blue');
      store.setDown(true);
      const onLoad = await b.get('/get');
      expect(onLoad.status).toBe(503);
      expect(await onLoad.text()).toMatch(/storage failed during load/);
      const fresh = browser();
      const onCreate = await fresh.get('/set?color=red');
      expect(onCreate.status).toBe(503);
      expect(onCreate.headers.getSetCookie()).toEqual([]);
      // Down only for writes: the load works, the save fails, and nothing of it is stored.
      store.setDown(true, ['create', 'update']);
      const onSave = await b.get('/set?color=green&size=large');
      expect(onSave.status).toBe(503);
      expect(await onSave.text()).toMatch(/storage failed during save/);
      expect(onSave.headers.getSetCookie()).toEqual([]);
      store.setDown(false);
      expect(await b.text('/get')).toBe('{"color":"blue"}');
      expect(fresh.jar.has('vial')).toBe(false);
    });

    test('a value or a record over its limit answers 413 and writes nothing, also when ten requests race past it', async () => {
      const { browser, app } = await start();
      const b = browser();
      await b.get('/set?color=blue');
      const value = await b.get('/big?key=a&bytes=5000');
      expect(value.status).toBe(413);
      expect(await value.text()).toMatch(/maxValueBytes/);
      expect(await b.text('/get')).toBe('{"color":"blue"}');
      // Ten at once, 3000 bytes each, against a record limit of 8192: storage judges them.
      const cookie = `vial=${b.jar.get('vial')}`;
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          app.fetch(
            new Request(`http://kit.test/big?key=k${i}&bytes=3000`, { headers: { cookie } }),
          ),
        ),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.every((status) => status === 200 || status === 413)).toBe(true);
      const kept = JSON.parse(await b.text('/get')) as Record<string, string>;
      const accepted = statuses.flatMap((status, i) => (status === 200 ? [`k${i}`] : []));
      expect(accepted.length).toBeLessThanOrEqual(2);
      expect(Object.keys(kept).sort()).toEqual(['color', ...accepted].sort());
    });

    test('signed cookies: a tampered signature costs no storage call; a cookie signed with an older secret opens and is signed again with the first', async () => {
      const old = await start({ secret: OLDER_SECRET });
      const rotated = await start({ secret: [SECRET, OLDER_SECRET] }, old);
      const b = old.browser();
      await b.get('/set?color=blue');
      const signedByOld = b.jar.get('vial') as string;
      const moved = rotated.browser();
      moved.jar.set('vial', signedByOld);
      expect(await moved.text('/get')).toBe('{"color":"blue"}');
      const resigned = moved.jar.get('vial') as string;
      expect(resigned).not.toBe(signedByOld);
      expect(tokenOf(resigned).split('.').slice(0, 2)).toEqual(
        tokenOf(signedByOld).split('.').slice(0, 2),
      );
      const forged = rotated.browser();
      forged.jar.set('vial', `${tokenOf(resigned).slice(0, -2)}xx`);
      old.store.reset();
      expect(await forged.text('/get')).toBe('{}');
      expect(old.store.total()).toBe(0);
      expect(forged.lastSetCookies).toMatchObject([{ name: 'vial', maxAge: 0 }]);
    });

    test('cookie attributes are applied; a SameSite=None or Partitioned cookie is always Secure, even over plain HTTP', async () => {
      const { browser } = await start({
        cookie: {
          name: 'sid',
          domain: 'kit.test',
          path: '/',
          sameSite: 'none',
          partitioned: true,
          persistent: false,
        },
      });
      const b = browser();
      await b.get('/set?color=blue');
      expect(b.lastSetCookies).toMatchObject([
        { name: 'sid', domain: 'kit.test', sameSite: 'none', partitioned: true, secure: true },
      ]);
      expect(b.lastSetCookies[0]?.maxAge).toBeUndefined();
      expect(b.lastSetCookies[0]?.expires).toBeUndefined();
    });

    test('"remember me": a session given its own lifetime keeps it in storage and in its cookie; a browser-session one gets a cookie without expiry', async () => {
      const { clock, browser } = await start();
      const remembered = browser();
      expect(await remembered.text('/remember?ttl=30d')).toBe('ok');
      const [cookie] = remembered.lastSetCookies;
      expect(cookie?.maxAge).toBeGreaterThanOrEqual(30 * 86_400);
      expect(cookie?.maxAge).toBeLessThanOrEqual(30 * 86_400 * 1.01 + 60);
      const plain = browser();
      await plain.get('/set?color=blue');
      clock.now += 2 * HOUR; // past the Vial's ttl
      expect(await plain.text('/get')).toBe('{}');
      expect(await remembered.text('/get')).toBe('{"remember":"1"}');
      clock.now += 29 * DAY;
      expect(await remembered.text('/get')).toBe('{"remember":"1"}');

      const forgotten = browser();
      await forgotten.get('/remember?browser=1');
      const [session] = forgotten.lastSetCookies;
      expect(session?.maxAge).toBeUndefined();
      expect(session?.expires).toBeUndefined();
      expect(await forgotten.text('/get')).toBe('{"remember":"1"}');
      expect(forgotten.lastSetCookies).toEqual([]); // a browser-session cookie is not refreshed
    });

    describe('the option check, at registration, with a hint', () => {
      const { vial } = { vial: new Vial<KitData>({ driver: flakyDriver().driver }) };
      test.each([
        [{ resave: false }, 'resave', 'a save writes only the keys that changed'],
        [{ genid: () => 'x' }, 'genid', 'vial mints its own tokens'],
        [{ cookie: { maxAge: 86_400_000 } }, 'cookie.maxAge', "the Vial's `ttl`"],
        [{ cookie: { signed: true } }, 'cookie.signed', '`secret`'],
        [{ colour: 'blue' }, 'colour', 'Known options: vial'],
        [{ cookie: { sameSite: 'none', secure: false } }, 'cookie.secure', 'unless it is Secure'],
        [{ secret: 'short' }, 'secret', '16 characters'],
      ])('refuses %j, naming %s', async (bad, option, hint) => {
        const attempt = Promise.resolve().then(() => harness.build({ vial, ...bad }));
        const error = await attempt.then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(InvalidOptionError);
        expect((error as InvalidOptionError).option).toBe(option);
        expect((error as Error).message).toContain(hint);
      });

      test('needs the vial, and says how to make one', async () => {
        const error = await Promise.resolve()
          .then(() => harness.build({}))
          .then(
            () => undefined,
            (caught: unknown) => caught,
          );
        expect((error as InvalidOptionError).option).toBe('vial');
      });
    });
  });
}
