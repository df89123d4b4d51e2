import { afterEach, describe, expect, test } from 'vitest';
import { FormClient } from './client.js';
import { closeServed, serve } from './serve.js';

afterEach(closeServed);

const TWO_HOURS_MS = 2 * 60 * 60 * 1000;

describe('the sign-in form’s CSRF protection is stateless', () => {
  test('visiting the sign-in page stores no session and sets no session cookie, however often', async () => {
    const app = await serve();
    const responses: Response[] = [];
    for (let i = 0; i < 10; i++) {
      const client = new FormClient(app.base);
      responses.push(await client.request('/'), await client.request('/'));
    }
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('name="_csrf"');
      const names = response.headers.getSetCookie().map((line) => line.split('=')[0]);
      expect(names).toEqual(['vial-csrf']);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    expect(await app.records()).toBe(0);
  });

  test('sign-in with the form’s token works, stores one session and drops the form cookie', async () => {
    const app = await serve();
    const client = new FormClient(app.base);
    await client.page('/');
    expect(client.jar.has('vial-csrf')).toBe(true);
    await client.signIn('ada');
    expect(await app.records()).toBe(1);
    expect(client.jar.has('vial')).toBe(true);
    expect(client.jar.has('vial-csrf')).toBe(false);
    expect(await client.page('/')).toContain('id="user">ada<');
  });

  test('a sign-in without a token, or with a forged, altered or someone else’s one, is refused with 403 and stores nothing', async () => {
    const app = await serve();
    const mallory = new FormClient(app.base);
    const victim = new FormClient(app.base);
    const token = await mallory.csrf();
    const victimToken = await victim.csrf();
    const [expires, mac] = token.split('.') as [string, string];
    const attempts: Array<[FormClient, Record<string, string>]> = [
      [mallory, { name: 'mallory' }],
      [mallory, { name: 'mallory', _csrf: '' }],
      [mallory, { name: 'mallory', _csrf: `${expires}.${'A'.repeat(mac.length)}` }],
      [mallory, { name: 'mallory', _csrf: `${Number(expires) + 3600}.${mac}` }],
      [mallory, { name: 'mallory', _csrf: victimToken }],
      // A token without its cookie, as a cross-site form would send it.
      [new FormClient(app.base), { name: 'mallory', _csrf: token }],
    ];
    for (const [client, form] of attempts) {
      const response = await client.request('/signin', form);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('This form has expired');
    }
    expect(await app.records()).toBe(0);
    expect(await app.vial.sessionsOf('mallory')).toEqual([]);
    // The genuine pair still works afterwards.
    expect((await mallory.request('/signin', { name: 'mallory', _csrf: token })).status).toBe(303);
  });

  test('a sign-in form is valid for two hours', async () => {
    let now = Date.UTC(2026, 0, 1);
    const app = await serve({}, { clock: () => now });
    const late = new FormClient(app.base);
    const onTime = new FormClient(app.base);
    const lateToken = await late.csrf();
    const onTimeToken = await onTime.csrf();
    now += TWO_HOURS_MS - 1000;
    expect((await onTime.request('/signin', { name: 'ada', _csrf: onTimeToken })).status).toBe(303);
    now += 1000;
    expect((await late.request('/signin', { name: 'bob', _csrf: lateToken })).status).toBe(403);
    expect((await app.vial.sessionsOf('bob')).length).toBe(0);
  });

  test('once signed in, forms need the session’s token: a sign-in form token is refused', async () => {
    const app = await serve();
    const client = new FormClient(app.base);
    const anonymousToken = await client.csrf();
    await client.signIn('ada');
    const refused = await client.request('/cart', { item: 'kettle', _csrf: anonymousToken });
    expect(refused.status).toBe(403);
    expect((await client.post('/cart', { item: 'kettle' })).status).toBe(303);
    expect(await client.page('/')).toContain('<li>kettle</li>');
  });

  test('a form issued under an old secret still signs in after the secret is rotated', async () => {
    const before = await serve({ cookieSecret: 'the-old-secret-0123456789' });
    const client = new FormClient(before.base);
    const token = await client.csrf();
    const after = await serve({
      cookieSecret: ['the-new-secret-0123456789', 'the-old-secret-0123456789'],
    });
    const moved = new FormClient(after.base);
    for (const [name, value] of client.jar) moved.jar.set(name, value);
    expect((await moved.request('/signin', { name: 'ada', _csrf: token })).status).toBe(303);
    const dropped = await serve({ cookieSecret: 'the-new-secret-0123456789' });
    const refused = new FormClient(dropped.base);
    for (const [name, value] of client.jar) refused.jar.set(name, value);
    expect((await refused.request('/signin', { name: 'ada', _csrf: token })).status).toBe(403);
  });
});
