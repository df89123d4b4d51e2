import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, redisCli } from '@vial/test-redis';

/** A Redis Sentinel watching one master, as a child process of the test. */
export interface Sentinel {
  readonly port: number;
  /** The master's name, for node-redis's `createSentinel({ name })`. */
  readonly name: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Starts `redis-server <conf> --sentinel` monitoring the master on `masterPort`. */
export async function startSentinel(masterPort: number): Promise<Sentinel> {
  const dir = await mkdtemp(join(tmpdir(), 'vial-sentinel-'));
  const port = await freePort();
  const name = 'vialmaster';
  // Sentinel rewrites its config file, so it needs one of its own.
  const conf = join(dir, 'sentinel.conf');
  await writeFile(
    conf,
    `port ${port}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor ${name} 127.0.0.1 ${masterPort} 1\n`,
  );
  const child: ChildProcess = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await eventually(async () => {
    const reply = await redisCli(port, ['sentinel', 'get-master-addr-by-name', name]);
    if (!reply.includes(String(masterPort))) throw new Error(`sentinel not ready: ${reply}`);
  });
  return {
    port,
    name,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
