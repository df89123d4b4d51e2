import { countCommands, redisCli, startRedisServer } from '@vial/test-redis';
import { afterEach, describe, expect, test } from 'vitest';
import { type RunningApp, startApp } from '../src/index.js';
import { FormClient } from './client.js';

let app: RunningApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(redisUrl?: string): Promise<string> {
  app = await startApp({ port: 0, host: '127.0.0.1', ...(redisUrl ? { redisUrl } : {}) });
  return `http://127.0.0.1:${app.port}`;
}

describe('the example app on the memory driver', () => {
  test('"Remember me" ticked keeps the session 30 days idle, with a cookie that lasts as long; unticked, a browser-session cookie', async () => {
    const base = await start();
    const remembered = new FormClient(base);
    const signIn = await remembered.post('/signin', { name: 'ada', remember: 'on' });
    const line = signIn.headers.getSetCookie().find((l) => l.startsWith('vial=')) as string;
    const maxAge = Number(/Max-Age=(\d+)/.exec(line)?.[1]);
    expect(maxAge).toBeGreaterThanOrEqual(30 * 86_400);
    expect(maxAge).toBeLessThanOrEqual(30 * 86_400 * 1.01 + 60);
    const [listed] = (await app?.store.vial.sessionsOf('ada')) ?? [];
    expect((listed?.expiresAt?.getTime() ?? 0) - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const forgotten = new FormClient(base);
    const plain = await forgotten.post('/signin', { name: 'eve' });
    const plainLine = plain.headers.getSetCookie().find((l) => l.startsWith('vial=')) as string;
    expect(plainLine).not.toMatch(/Max-Age|Expires/);
    expect(await forgotten.page('/')).toContain('Welcome, eve.');
    const [eve] = (await app?.store.vial.sessionsOf('eve')) ?? [];
    // The store still ends it by the Vial's userTtl (7 days idle).
    expect((eve?.expiresAt?.getTime() ?? 0) - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
  });

  test('sign-in regenerates the session token, and sign-out destroys the session and stores nothing', async () => {
    const base = await start();
    const client = new FormClient(base);
    await client.page('/');
    expect(client.jar.has('vial')).toBe(false);
    await client.signIn('grace');
    const before = client.jar.get('vial') as string;
    await client.signIn('ada');
    expect(client.jar.get('vial')).not.toBe(before);
    const old = new FormClient(base);
    old.jar.set('vial', before);
    expect(await old.page('/')).toContain('Sign in');
    expect(await client.page('/')).toContain('Welcome, ada.');
    expect(await client.page('/')).not.toContain('Welcome, ada.');
    const signOut = await client.post('/signout');
    expect(signOut.headers.get('location')).toBe('/signed-out');
    expect(client.jar.has('vial')).toBe(false);
    const html = await client.page('/signed-out');
    expect(html).toContain('You are signed out.');
    expect(html).toContain('Sign in');
    expect(await app?.store.vial.sessionsOf('ada')).toEqual([]);
  });

  test('an empty name is asked for again (422) without storing a session', async () => {
    const client = new FormClient(await start());
    const response = await client.post('/signin', { name: '  ' });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('Enter a name to sign in.');
    expect(client.jar.has('vial')).toBe(false);
  });

  test('“sign out everywhere else” ends every other session of the user and keeps this one', async () => {
    const base = await start();
    const [one, two, three] = ['one', 'two', 'three'].map((ua) => new FormClient(base, ua)) as [
      FormClient,
      FormClient,
      FormClient,
    ];
    for (const client of [one, two, three]) await client.signIn('grace');
    expect(await one.page('/sessions')).toContain('id="session-count">3<');
    await one.post('/sessions/revoke-others');
    expect(await one.page('/sessions')).toContain('Signed out 2 other sessions.');
    expect(await two.page('/')).toContain('Sign in');
    expect(await three.page('/')).toContain('Sign in');
    expect(await one.page('/')).toContain('id="user">grace<');
  });

  test('a user cannot revoke a session of another user by its sid', async () => {
    const base = await start();
    const ada = new FormClient(base);
    const eve = new FormClient(base);
    await ada.signIn('ada');
    await eve.signIn('eve');
    const [adaSid] = (await app?.store.vial.sessionsOf('ada'))?.map((s) => s.sid) ?? [];
    await eve.post('/sessions/revoke', { sid: adaSid as string });
    expect(await ada.page('/')).toContain('id="user">ada<');
  });
});

describe('the example app on Redis (REDIS_URL)', () => {
  test('stores nothing for a visit, keeps the cart in Redis, and answers 503 rather than signing out when Redis is down', async () => {
    const redis = await startRedisServer();
    try {
      const base = await start(redis.url);
      const client = new FormClient(base);
      expect(app?.store.mode).toBe('redis');
      // Visitors who only look at the sign-in form cost Redis nothing.
      const visits = await countCommands([redis.port], async () => {
        for (let i = 0; i < 5; i++) await new FormClient(base).page('/');
      });
      expect(visits).toEqual({});
      expect((await redisCli(redis.port, ['dbsize'])).trim()).toBe('0');
      await client.signIn('ada');
      await client.post('/cart', { item: 'kettle' });
      expect(await client.page('/')).toContain('<li>kettle</li>');
      await redis.kill();
      const down = await client.request('/');
      expect(down.status).toBe(503);
      expect(await down.text()).toContain('Sessions are unavailable');
    } finally {
      await app?.close();
      app = undefined;
      await redis.stop();
    }
  });

  test('a forged cookie with a real sid costs one read, writes nothing and extends nothing', async () => {
    const redis = await startRedisServer();
    try {
      const base = await start(redis.url);
      const ada = new FormClient(base);
      await ada.signIn('ada');
      const [sid] = (await app?.store.vial.sessionsOf('ada'))?.map((s) => s.sid) ?? [];
      const key = `vial-example:s:${sid}`;
      // Pretend the session is about to end: 5 seconds left.
      await redisCli(redis.port, ['pexpire', key, '5000']);
      const forger = new FormClient(base);
      forger.jar.set('vial', `${sid}.${'A'.repeat(22)}`);
      const forged = await countCommands([redis.port], () => forger.page('/'));
      expect(forged).toEqual({ lrange: 1 });
      const left = Number(await redisCli(redis.port, ['pttl', key]));
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(5000);
      expect(await forger.page('/')).toContain('Sign in');
    } finally {
      await app?.close();
      app = undefined;
      await redis.stop();
    }
  });
});
