import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { redisCli } from '@vial/test-redis';

/**
 * Commands that are not the driver's: the marker below, and what node-redis
 * sends by itself to keep a connection or a cluster map alive.
 */
const NOT_OURS = new Set([
  'echo',
  'ping',
  'cluster',
  'hello',
  'client',
  'command',
  'info',
  'select',
]);

// `<time> [<db> <client address or "lua">] "<COMMAND>" ...`
const LINE = /^\d+\.\d+ \[\d+ ([^\]]+)\] "([^"]+)"/;

interface Monitor {
  /** Commands clients sent (not those scripts ran inside Redis), lower-case, in order. */
  readonly commands: string[];
  /** Resolves once `marker` has been seen, then closes the monitor. */
  finish(marker: string): Promise<void>;
}

function openMonitor(port: number): Promise<Monitor> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    const commands: string[] = [];
    let buffered = '';
    let started = false;
    let waitFor: { marker: string; done: () => void } | undefined;
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\r\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!started) {
          started = line === '+OK';
          if (started) resolve(monitor);
          continue;
        }
        const match = LINE.exec(line.slice(1));
        if (!match) continue;
        const [, origin, name = ''] = match;
        if (waitFor && line.includes(waitFor.marker)) waitFor.done();
        // Commands a script runs are listed as coming from "lua": not round trips.
        if (origin === 'lua') continue;
        const command = name.toLowerCase();
        if (!NOT_OURS.has(command)) commands.push(command);
      }
    });
    const monitor: Monitor = {
      commands,
      finish: (marker) =>
        new Promise<void>((done) => {
          waitFor = {
            marker,
            done: () => {
              socket.destroy();
              done();
            },
          };
          void redisCli(port, ['echo', marker]);
        }),
    };
    socket.write('MONITOR\r\n');
  });
}

/**
 * Counts the commands that clients send to the servers on `ports` (every
 * master of a cluster) while `action` runs, by name, as MONITOR shows them.
 * Commands that Lua scripts run inside Redis are not counted: they cost no
 * round trip. `INFO commandstats` cannot tell those apart, so it is not used.
 */
export async function commandsDuring(
  ports: readonly number[],
  action: () => Promise<unknown>,
): Promise<Record<string, number>> {
  const monitors = await Promise.all(ports.map(openMonitor));
  await action();
  // Every command of `action` has been answered; a marker sent afterwards
  // and seen by each monitor proves that the monitor has shown them all.
  const marker = `vial-count-${randomBytes(4).toString('hex')}`;
  await Promise.all(monitors.map((monitor) => monitor.finish(marker)));
  const counts: Record<string, number> = {};
  for (const command of monitors.flatMap((monitor) => monitor.commands)) {
    counts[command] = (counts[command] ?? 0) + 1;
  }
  return counts;
}
