import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MISSING_REDIS } from './cli.js';
import { freePort } from './ports.js';

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /** Listen on this port instead of a free one picked at random. */
  readonly port?: number;
  /** Extra `redis-server` arguments, such as `['--cluster-enabled', 'yes']`. */
  readonly args?: readonly string[];
  /** Directory for the server's files; a fresh temp directory (removed by `stop()`) when absent. */
  readonly dir?: string;
}

/** A throwaway `redis-server` child process on 127.0.0.1. */
export interface RedisServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** The server's pid while it runs, `undefined` after `stop()` / `kill()`. */
  readonly pid: number | undefined;
  /** Shuts the server down (SIGTERM, nothing saved) and removes its temp directory. */
  stop(): Promise<void>;
  /** Kills the server with SIGKILL, as a crash would; `restart()` brings it back. */
  kill(): Promise<void>;
  /** Starts the server again on the same port (stopping it first if it runs). Data is lost. */
  restart(): Promise<void>;
}

// Children still running when the test process exits are killed, so that a
// crashed test run leaves no servers behind.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

const READY = /Ready to accept connections/;
const START_TIMEOUT_MS = 10_000;

/** Spawns redis-server and resolves once it accepts connections; rejects with its log if it exits. */
function spawnServer(port: number, dir: string, args: readonly string[]): Promise<ChildProcess> {
  const argv = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
    '--dir',
    dir,
    // Lets fault tests make the server stall with DEBUG SLEEP.
    '--enable-debug-command',
    'local',
    ...args,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `redis-server on port ${port} was not ready after ${START_TIMEOUT_MS} ms:\n${log}`,
        ),
      );
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      if (READY.test(log)) {
        clearTimeout(timer);
        // Keep draining the pipes so the server never blocks on a full one.
        child.stdout?.removeListener('data', onData);
        child.stdout?.resume();
        live.add(child);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new Error(MISSING_REDIS, { cause: error }) : error);
    });
    child.once('exit', (code, signal) => {
      live.delete(child);
      clearTimeout(timer);
      reject(
        new Error(
          `redis-server on port ${port} exited (${code ?? signal}) before it was ready:\n${log}`,
        ),
      );
    });
  });
}

/** Sends `signal` and resolves once the child has exited. */
function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
    child.kill(signal);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a throwaway `redis-server` on a free loopback port, with no
 * persistence (`--save '' --appendonly no`), as a child process of this one.
 * Throws (never skips) when redis-server is not installed.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'vial-redis-')));
  const args = options.args ?? [];
  let port = options.port ?? (await freePort());
  let child: ChildProcess | undefined;
  for (let attempt = 0; child === undefined; attempt++) {
    try {
      child = await spawnServer(port, dir, args);
    } catch (error) {
      // Another process may have taken the port since freePort() looked.
      if (options.port !== undefined || attempt >= 4 || /not installed/.test(String(error)))
        throw error;
      port = await freePort();
    }
  }
  let current: ChildProcess | undefined = child;
  return {
    host: '127.0.0.1',
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return current?.pid;
    },
    async stop() {
      if (current) await terminate(current, 'SIGTERM');
      current = undefined;
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
    async kill() {
      if (current) await terminate(current, 'SIGKILL');
      current = undefined;
    },
    async restart() {
      if (current) await terminate(current, 'SIGTERM');
      current = undefined;
      // The port can linger for a moment after the old process exits.
      for (let attempt = 0; ; attempt++) {
        try {
          current = await spawnServer(port, dir, args);
          return;
        } catch (error) {
          if (attempt >= 20) throw error;
          await sleep(100);
        }
      }
    },
  };
}
