import { flakyDriver } from '@vial/adapter-test-suite';
import { Vial, type VialOptions } from '@vial/core';
import { parseSetCookie } from 'cookie';
import { describe, expect, test } from 'vitest';
import { resolveHttpOptions } from '../src/options.js';
import { beginRequest } from '../src/request.js';
import { sign } from '../src/signing.js';

const SECRET = 'a-new-secret-of-32-characters!!!';

function setup(options: Partial<VialOptions> = {}, secret?: string) {
  const clock = { now: Date.now() };
  const store = flakyDriver({ clock: () => clock.now });
  const vial = new Vial<{ n: number }>({ driver: store.driver, ttl: '1h', ...options });
  const settings = resolveHttpOptions({ vial, ...(secret === undefined ? {} : { secret }) });
  /** One request with `cookie`, whose handler runs `route`; resolves to the Set-Cookie line. */
  const run = async (cookie: string | undefined, route: (n: number) => number | undefined) => {
    const request = beginRequest(settings, cookie);
    const session = await request.load();
    const next = route(session.get('n') ?? 0);
    if (next !== undefined) session.set('n', next);
    return request.finish(session, () => false);
  };
  return { clock, store, vial, settings, run };
}

const cookieOf = (line: string | null) => {
  const parsed = parseSetCookie(line as string);
  return `${parsed.name}=${parsed.value}`;
};

/** The token (signed or not) a Set-Cookie line or a cookie carries, without its recorded expiry. */
const tokenOf = (line: string | null) => {
  const value = (line as string).split(';')[0]?.split('=')[1] as string;
  return value.slice(0, value.lastIndexOf('~'));
};

describe('beginRequest', () => {
  test('a request without a cookie loads a new session without any storage call', async () => {
    const { settings, store } = setup();
    const request = beginRequest(settings, 'theme=dark');
    expect(request.incoming.present).toBe(false);
    const session = await request.load();
    expect(session.isNew).toBe(true);
    expect(await request.finish(session, () => false)).toBeNull();
    expect(store.total()).toBe(0);
  });

  test('load() runs once per request: later calls share the first load', async () => {
    const { run, settings, store } = setup();
    const line = await run(undefined, () => 1);
    const request = beginRequest(settings, cookieOf(line));
    store.reset();
    const [first, second] = await Promise.all([request.load(), request.load()]);
    expect(first).toBe(second);
    expect(await request.load()).toBe(first);
    expect(store.calls.read).toBe(1);
  });

  test('a changed session is saved and its cookie returned; the next request reads it back', async () => {
    const { run } = setup();
    const line = await run(undefined, () => 1);
    expect(parseSetCookie(line as string)).toMatchObject({ name: 'vial', httpOnly: true });
    let seen = 0;
    await run(cookieOf(line), (n) => {
      seen = n;
      return undefined;
    });
    expect(seen).toBe(1);
  });

  test('with rolling: false an unchanged request sends no Set-Cookie, a changed one does', async () => {
    const { run, clock } = setup({ rolling: false });
    const cookie = cookieOf(await run(undefined, () => 1));
    clock.now += 60_000;
    expect(await run(cookie, () => undefined)).toBeNull();
    const refreshed = await run(cookie, (n) => n + 1);
    expect(tokenOf(refreshed)).toBe(tokenOf(cookie));
    expect(parseSetCookie(refreshed as string).maxAge).toBeGreaterThan(3590);
  });

  test('with rolling, the cookie is sent again, same token, only when the session’s expiry moves', async () => {
    const { run, clock } = setup(); // a 1-hour ttl: the expiry moves in 36 s steps, the cookie's in minutes
    clock.now = Math.ceil(clock.now / 60_000) * 60_000 + 1; // just past a minute
    const cookie = cookieOf(await run(undefined, () => 1));
    clock.now += 35_000;
    expect(await run(cookie, () => undefined)).toBeNull();
    expect(await run(cookie, (n) => n + 1)).toBeNull();
    clock.now += 30_000; // 65 s after the save: the expiry moves into the next minute
    const refreshed = await run(cookie, () => undefined);
    expect(tokenOf(refreshed)).toBe(tokenOf(cookie));
    expect(cookieOf(refreshed)).not.toBe(cookie);
    clock.now += 10_000;
    expect(await run(cookieOf(refreshed), () => undefined)).toBeNull();
  });

  test('over a run of requests the cookie never expires before the session, nor more than a step after', async () => {
    const { run, clock, store } = setup({ ttl: '1d' }); // steps of 14 minutes
    const step = 14 * 60_000;
    let line = await run(undefined, () => 1);
    let cookie = cookieOf(line);
    let cookieExpires = parseSetCookie(line as string).expires?.getTime() as number;
    let sent = 1;
    const requests = 200;
    for (let i = 0; i < requests; i++) {
      clock.now += (i * 7_919) % 90_000; // 0 to 90 s apart
      line = await run(cookie, (n) => (i % 3 === 0 ? n + 1 : undefined));
      if (line !== null) {
        sent += 1;
        cookie = cookieOf(line);
        cookieExpires = parseSetCookie(line).expires?.getTime() as number;
      }
      const sid = tokenOf(cookie).split('.')[0] as string;
      const record = await store.driver.read(sid, { now: clock.now });
      const sessionExpires = record?.expiresAt as number;
      expect(cookieExpires).toBeGreaterThanOrEqual(sessionExpires);
      expect(cookieExpires - sessionExpires).toBeLessThan(step);
    }
    // About 2.5 hours of use: one Set-Cookie per 14-minute step, not one per request.
    expect(sent).toBeGreaterThan(5);
    expect(sent).toBeLessThan(20);
  });

  test("the cookie's Max-Age and Expires are counted from the Vial's clock, not the system's", async () => {
    const at = Date.UTC(2001, 0, 1); // years away from Date.now()
    const { run } = setup({ clock: () => at });
    const cookie = parseSetCookie((await run(undefined, () => 1)) as string);
    expect(cookie.maxAge).toBe(3600);
    expect(cookie.expires?.getTime()).toBe(at + 3_600_000);
  });

  test("a session put in place of the loaded one is judged on its own, not by the loaded one's expiry", async () => {
    const { settings, run, vial } = setup({ rolling: false });
    const cookie = cookieOf(await run(undefined, () => 1));
    const request = beginRequest(settings, cookie);
    const loaded = await request.load();
    await loaded.destroy();
    const replacement = vial.session();
    replacement.set('n', 7);
    const line = await request.finish(replacement, () => false);
    expect(cookieOf(line)).not.toBe(cookie);
  });

  test("isHttps is asked only for cookie.secure: 'auto', and only when a cookie is sent", async () => {
    const { settings, vial } = setup();
    let asked = 0;
    const isHttps = () => {
      asked += 1;
      return true;
    };
    const untouched = beginRequest(settings, undefined);
    await untouched.finish(await untouched.load(), isHttps);
    expect(asked).toBe(0);
    const changed = beginRequest(settings, undefined);
    const session = await changed.load();
    session.set('n', 1);
    expect(parseSetCookie((await changed.finish(session, isHttps)) as string).secure).toBe(true);
    expect(asked).toBe(1);

    const plain = resolveHttpOptions({ vial, cookie: { secure: false } });
    const request = beginRequest(plain, undefined);
    const other = await request.load();
    other.set('n', 1);
    expect(parseSetCookie((await request.finish(other, isHttps)) as string).secure).toBeUndefined();
    expect(asked).toBe(1);
  });

  test('signed cookies: the cookie is signed with the first secret, a forged one is cleared without a load', async () => {
    const { run, store } = setup({}, SECRET);
    const line = await run(undefined, () => 1);
    const value = tokenOf(line);
    const token = value.slice(0, value.lastIndexOf('.'));
    expect(value).toBe(sign(token, SECRET));
    store.reset();
    const forged = await run(`vial=${token}.${'A'.repeat(43)}`, () => undefined);
    expect(parseSetCookie(forged as string)).toMatchObject({ value: '', maxAge: 0 });
    expect(store.total()).toBe(0);
  });

  test('a failed load rejects with the storage error, so the outage reaches the error handler', async () => {
    const { run, settings, store } = setup();
    const cookie = cookieOf(await run(undefined, () => 1));
    store.setDown(true);
    await expect(beginRequest(settings, cookie).load()).rejects.toMatchObject({
      code: 'VIAL_STORAGE_UNAVAILABLE',
      status: 503,
    });
  });
});
