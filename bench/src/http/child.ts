import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { firstErrorLine } from '../unmeasured.js';
import type { AppName } from './apps.js';

/** A running HTTP server child. */
export interface AppServer {
  readonly name: AppName;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** CPU time the server process has used so far, µs. */
  cpuUs(): Promise<number>;
  stop(): Promise<void>;
}

const SERVER = fileURLToPath(new URL('./server.js', import.meta.url));

/**
 * Starts app `name` in a child process and resolves once it listens; rejects
 * with the line of its stderr that says why when it exits before.
 */
export function startApp(name: AppName, redisUrl: string): Promise<AppServer> {
  const child: ChildProcess = fork(SERVER, [name, redisUrl], {
    stdio: ['inherit', 'inherit', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    if (stderr.length < 1 << 16) stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(
        new Error(
          `The ${name} server exited (${code}) before it listened: ${firstErrorLine({ stderr })}`,
        ),
      );
    // 'close', not 'exit': by then all of its stderr has been read.
    child.once('close', onExit);
    child.once('error', reject);
    child.once('message', (message) => {
      child.off('close', onExit);
      const port = (message as { port: number }).port;
      resolve({
        name,
        origin: `http://127.0.0.1:${port}`,
        cpuUs: () =>
          new Promise<number>((done) => {
            const onMessage = (reply: unknown) => {
              const cpu = (reply as { cpuUs?: number }).cpuUs;
              if (cpu === undefined) return;
              child.off('message', onMessage);
              done(cpu);
            };
            child.on('message', onMessage);
            child.send('cpu');
          }),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.send('stop');
          }),
      });
    });
  });
}
