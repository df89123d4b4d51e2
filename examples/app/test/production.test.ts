import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSetCookie, type SetCookie } from 'cookie';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, readConfig } from '../src/index.js';
import { FormClient } from './client.js';
import { closeServed, serve } from './serve.js';

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'a-production-secret-0123456789';

let child: ChildProcess | undefined;
afterEach(async () => {
  await closeServed();
  if (child?.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  child = undefined;
});

/** Runs the real entry point, `node dist/server.js`, with only these variables (and PATH). */
function server(env: Record<string, string>): ChildProcess {
  child = spawn(process.execPath, ['dist/server.js'], {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return child;
}

/** The exit code and what the process printed to stderr, once it exited. */
async function output(proc: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(proc, 'exit')) as [number | null];
  return { code, stderr };
}

/** The Set-Cookie lines of a response, parsed, by cookie name. */
function setCookies(response: Response): Map<string, SetCookie> {
  return new Map(
    response.headers.getSetCookie().map((line) => {
      const cookie = parseSetCookie(line);
      return [cookie.name, cookie];
    }),
  );
}

beforeAll(() => {
  // The process tests run dist/server.js: build it from the current sources (a no-op when fresh).
  const tsc = join(
    dirname(createRequire(import.meta.url).resolve('typescript/package.json')),
    'bin/tsc',
  );
  execFileSync(process.execPath, [tsc, '-b'], { cwd: APP_DIR, stdio: 'inherit' });
});

describe('production mode (NODE_ENV=production)', () => {
  test('without COOKIE_SECRET the server exits 1 with a message saying what to set', async () => {
    const { code, stderr } = await output(server({ NODE_ENV: 'production', PORT: '0' }));
    expect(code).toBe(1);
    expect(stderr).toContain('NODE_ENV=production needs COOKIE_SECRET');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(() => readConfig({ NODE_ENV: 'production', COOKIE_SECRET: ',' })).toThrow(ConfigError);
  });

  test('a COOKIE_SECRET shorter than 16 characters is refused the same way', async () => {
    const { code, stderr } = await output(
      server({ NODE_ENV: 'production', PORT: '0', COOKIE_SECRET: 'short' }),
    );
    expect(code).toBe(1);
    expect(stderr).toContain('16 characters');
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  test('with COOKIE_SECRET the server starts and serves the sign-in page', async () => {
    const running = server({ NODE_ENV: 'production', PORT: '0', COOKIE_SECRET: SECRET });
    let stdout = '';
    const port = await new Promise<string>((resolve, reject) => {
      running.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /Open http:\/\/localhost:(\d+)/.exec(stdout);
        if (match) resolve(match[1] as string);
      });
      running.once('exit', (code) => reject(new Error(`server exited ${code}: ${stdout}`)));
    });
    expect(stdout).toContain('sessions in memory, production mode');
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(response.status).toBe(200);
    expect([...setCookies(response).keys()]).toEqual(['__Host-vial-csrf']);
  });

  test('the session and sign-in form cookies are __Host- cookies: Secure, Path=/, HttpOnly, SameSite=Lax, no Domain', async () => {
    const config = readConfig({ NODE_ENV: 'production', COOKIE_SECRET: SECRET });
    expect(config.production).toBe(true);
    const { port: _port, redisUrl: _redis, ...settings } = config;
    const app = await serve(settings);
    const client = new FormClient(app.base);
    const page = await client.request('/');
    const csrfCookie = setCookies(page).get('__Host-vial-csrf');
    const form = await client.csrf();
    const signIn = await client.request('/signin', { name: 'ada', remember: 'on', _csrf: form });
    expect(signIn.status).toBe(303);
    const session = setCookies(signIn).get('__Host-vial');
    for (const cookie of [csrfCookie, session]) {
      expect(cookie).toMatchObject({ secure: true, path: '/', httpOnly: true, sameSite: 'lax' });
      expect(cookie?.domain).toBeUndefined();
    }
    expect(session?.expires).toBeInstanceOf(Date); // "Remember me" ticked
    // Signed: <sid>.<secret>.<HMAC>.
    expect(decodeURIComponent(session?.value ?? '').split('.')).toHaveLength(3);
    expect(await client.page('/')).toContain('id="user">ada<');
  });
});

describe('behind a TLS-terminating proxy (TRUST_PROXY)', () => {
  const viaProxy = { 'x-forwarded-proto': 'https' };

  test('with trust proxy, secure: auto sees HTTPS and marks both cookies Secure', async () => {
    const { port: _port, ...settings } = readConfig({ TRUST_PROXY: 'loopback' });
    const app = await serve(settings);
    const client = new FormClient(app.base, 'form client', viaProxy);
    expect(setCookies(await client.request('/')).get('vial-csrf')?.secure).toBe(true);
    const signIn = await client.request('/signin', { name: 'ada', _csrf: await client.csrf() });
    expect(setCookies(signIn).get('vial')?.secure).toBe(true);
  });

  test('without it, the same request looks like plain HTTP and no cookie is Secure', async () => {
    const app = await serve();
    const client = new FormClient(app.base, 'form client', viaProxy);
    expect(setCookies(await client.request('/')).get('vial-csrf')?.secure).toBeUndefined();
    const signIn = await client.request('/signin', { name: 'ada', _csrf: await client.csrf() });
    expect(setCookies(signIn).get('vial')?.secure).toBeUndefined();
  });

  test('TRUST_PROXY takes what Express takes: true or false, a number of hops, or addresses', () => {
    expect(readConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(readConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(readConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
    expect(readConfig({}).trustProxy).toBeUndefined();
  });
});
