import { execFile } from 'node:child_process';

/** The message thrown when the Redis binaries are missing: tests must fail, never skip. */
export const MISSING_REDIS =
  'redis-server / redis-cli are not installed, and vial tests need a real Redis. Install them with `apt-get install -y redis-server redis-tools` (Debian/Ubuntu) and run the tests again.';

/** Runs `redis-cli -h 127.0.0.1 -p <port> ...args` and resolves its stdout. */
export function redisCli(port: number, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'redis-cli',
      ['-h', '127.0.0.1', '-p', String(port), ...args],
      { timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new Error(MISSING_REDIS, { cause: error }));
        } else if (error) {
          reject(
            new Error(`redis-cli ${args.join(' ')} failed: ${stderr || error.message}`, {
              cause: error,
            }),
          );
        } else {
          resolve(stdout);
        }
      },
    );
  });
}
