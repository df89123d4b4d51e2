import { startRedisServer } from '@vial/test-redis';
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
  test('a form without the session’s CSRF token is refused with 403', async () => {
    const client = new FormClient(await start());
    await client.page('/');
    const response = await client.request('/signin', { name: 'mallory', _csrf: 'guess' });
    expect(response.status).toBe(403);
    expect(await client.page('/')).toContain('Sign in');
  });

  test('sign-in regenerates the session token and sign-out leaves only a flash message', async () => {
    const client = new FormClient(await start());
    await client.page('/');
    const anonymous = client.jar.get('vial');
    await client.signIn('ada');
    expect(client.jar.get('vial')).not.toBe(anonymous);
    expect(await client.page('/')).toContain('Welcome, ada.');
    expect(await client.page('/')).not.toContain('Welcome, ada.');
    await client.post('/signout');
    const html = await client.page('/');
    expect(html).toContain('You are signed out.');
    expect(html).toContain('Sign in');
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
  test('keeps the cart in Redis, and answers 503 rather than signing out when Redis is down', async () => {
    const redis = await startRedisServer();
    try {
      const client = new FormClient(await start(redis.url));
      expect(app?.store.mode).toBe('redis');
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
});
