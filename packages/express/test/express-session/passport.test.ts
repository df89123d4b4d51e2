import { afterEach, describe, expect, test } from 'vitest';
import { type Served, serve, testVial } from './app.js';
import { passportRoutes } from './passport-app.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

describe('passport 0.7 + passport-local on expressSession()', () => {
  test('login answers within the request and rotates the session; the pre-login cookie is not signed in', async () => {
    const { vial } = testVial();
    served = await serve({ vial }, passportRoutes);
    const browser = served.browser();
    expect(await browser.text('/visit')).toBe('1');
    const preLogin = browser.jar.get('vial') as string;

    const login = await browser.get('/login?username=alice&password=wonderland');
    expect(login.status).toBe(200);
    expect(await login.text()).toBe('welcome');
    const signedIn = browser.jar.get('vial') as string;
    expect(signedIn).not.toBe(preLogin);
    expect(await browser.text('/me')).toBe('alice');
    // express-session's regenerate starts an empty session: only passport's key is there.
    expect(await browser.text('/data')).toBe('{"passport":{"user":"u-alice"}}');

    const attacker = served.browser();
    attacker.jar.set('vial', preLogin);
    expect(await attacker.text('/me')).toBe('anonymous');
    expect(await attacker.text('/data')).toBe('{}');
  });

  test('a wrong password answers 401 and leaves the session as it was', async () => {
    const { vial } = testVial();
    served = await serve({ vial }, passportRoutes);
    const browser = served.browser();
    await browser.get('/visit');
    const before = browser.jar.get('vial');
    const failed = await browser.get('/login?username=alice&password=guess');
    expect(failed.status).toBe(401);
    expect(browser.jar.get('vial')).toBe(before);
    expect(await browser.text('/visit')).toBe('2');
  });

  test('logout ends the session: the signed-in cookie opens nothing afterwards', async () => {
    const { vial } = testVial();
    served = await serve({ vial }, passportRoutes);
    const browser = served.browser();
    await browser.get('/login?username=alice&password=wonderland');
    const signedIn = browser.jar.get('vial') as string;
    expect(await browser.text('/logout')).toBe('bye');
    expect(browser.jar.has('vial')).toBe(false);
    expect(await browser.text('/me')).toBe('anonymous');
    const replay = served.browser();
    replay.jar.set('vial', signedIn);
    expect(await replay.text('/me')).toBe('anonymous');
    expect(await replay.text('/data')).toBe('{}');
  });

  test('with a regenerate grace window on the Vial, the pre-login cookie still does not open the signed-in session', async () => {
    const { vial } = testVial({ regenerateGrace: '30s' });
    served = await serve({ vial }, passportRoutes);
    const browser = served.browser();
    await browser.get('/visit');
    const preLogin = browser.jar.get('vial') as string;
    await browser.get('/login?username=alice&password=wonderland');
    expect(await browser.text('/me')).toBe('alice');
    const attacker = served.browser();
    attacker.jar.set('vial', preLogin);
    expect(await attacker.text('/me')).toBe('anonymous');
    expect(await attacker.text('/data')).toBe('{}');
  });

  test("keepSessionInfo carries the pre-login data into the new session (connect-ensure-login's returnTo)", async () => {
    const { vial } = testVial();
    served = await serve({ vial }, passportRoutes);
    const browser = served.browser();
    await browser.get('/visit?returnTo=%2Fcart');
    const preLogin = browser.jar.get('vial') as string;
    expect(await browser.text('/login-keeping-info?username=alice&password=wonderland')).toBe(
      '/cart',
    );
    expect(browser.jar.get('vial')).not.toBe(preLogin);
    expect(JSON.parse(await browser.text('/data'))).toEqual({
      views: 1,
      returnTo: '/cart',
      passport: { user: 'u-alice' },
    });
  });
});
