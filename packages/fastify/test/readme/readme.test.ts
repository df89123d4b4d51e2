import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Browser } from '@vial/adapter-test-suite';
import { countCommands, eventually, type RedisServer, startRedisServer } from '@vial/test-redis';
import { afterAll, beforeAll, expect, test } from 'vitest';

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));
const README = fileURLToPath(new URL('../../README.md', import.meta.url));

let redis: RedisServer;
let child: ChildProcess;
let origin: string;

/** Starts the README's server.mjs as a user would: `node server.mjs`, with REDIS_URL and PORT. */
beforeAll(async () => {
  redis = await startRedisServer({ args: ['--appendonly', 'yes', '--appendfsync', 'always'] });
  child = spawn(process.execPath, [SERVER], {
    env: {
      ...process.env,
      REDIS_URL: redis.url,
      PORT: '0',
      COOKIE_SECRET: 'a-cookie-secret-of-32-characters',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // ioredis reports the outage the test causes on stderr; drain it.
  child.stderr?.resume();
  origin = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on (\S+)/.exec(output);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`server.mjs exited (${code}): ${output}`)));
  });
});

afterAll(async () => {
  if (child.exitCode === null) {
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  }
  await redis.stop();
});

test('the README shows server.mjs as it is tested here', async () => {
  const readme = await readFile(README, 'utf8');
  const block = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBe(await readFile(SERVER, 'utf8'));
});

test("the README's app keeps a counter through the cookie", async () => {
  const browser = new Browser(origin);
  expect(await browser.text('/')).toBe('{"visits":1}');
  expect(browser.lastSetCookies).toHaveLength(1);
  expect(await browser.text('/')).toBe('{"visits":2}');
  expect(await browser.text('/')).toBe('{"visits":3}');
  expect(await new Browser(origin).text('/')).toBe('{"visits":1}');
});

test("the README's app sets no cookie and sends no Redis command on a route that never touches the session", async () => {
  const browser = new Browser(origin);
  await browser.get('/');
  let response: Response | undefined;
  const commands = await countCommands([redis.port], async () => {
    response = await browser.get('/health');
  });
  expect(await response?.text()).toBe('{"ok":true}');
  expect(response?.headers.getSetCookie()).toEqual([]);
  expect(commands).toEqual({});
});

test("the README's app refuses a tampered cookie: it opens a fresh session, not the signed one", async () => {
  const browser = new Browser(origin);
  await browser.get('/');
  await browser.get('/');
  const value = browser.jar.get('vial') as string;
  const [sid, secret] = value.split('.');
  browser.jar.set('vial', `${sid}.${secret}.${'A'.repeat(43)}`);
  expect(await browser.text('/')).toBe('{"visits":1}');
  expect((browser.jar.get('vial') as string).split('.')[0]).not.toBe(sid);
});

test("the README's app answers 503 while Redis is down, and loses nothing", async () => {
  const browser = new Browser(origin);
  await browser.get('/');
  expect(await browser.text('/')).toBe('{"visits":2}');
  await redis.kill();
  const down = await browser.get('/');
  expect(down.status).toBe(503);
  expect(down.headers.getSetCookie()).toEqual([]);
  await redis.restart();
  await eventually(async () => {
    const back = await fetch(`${origin}/`);
    if (back.status !== 200) throw new Error(`still ${back.status}`);
  });
  expect(await browser.text('/')).toBe('{"visits":3}');
});

test("the README's app clears the cookie on logout, and the old token opens nothing", async () => {
  const browser = new Browser(origin);
  await browser.get('/');
  const cookie = `vial=${browser.jar.get('vial')}`;
  const response = await fetch(`${origin}/logout`, { method: 'POST', headers: { cookie } });
  expect(await response.json()).toEqual({ signedOut: true });
  expect(response.headers.getSetCookie()).toEqual([
    expect.stringMatching(/^vial=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT/),
  ]);
  expect(await (await fetch(`${origin}/`, { headers: { cookie } })).text()).toBe('{"visits":1}');
});
