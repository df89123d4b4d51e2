import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { encodeCommand, sendCommand } from './resp.js';

/**
 * Commands clients send on their own to set up a connection or keep a cluster
 * map fresh: not part of what an operation costs, so never counted.
 */
const SET_UP = new Set([
  'info',
  'cluster',
  'client',
  'command',
  'ping',
  'hello',
  'select',
  'readonly',
]);

/** How long a monitor may take to show its flush marker before the count fails (ms). */
const FLUSH_TIMEOUT_MS = 5_000;

// `<seconds>.<micros> [<db> <client address, or "lua" for a script>] "<COMMAND>" "<arg>" ...`
const LINE = /^\d+\.\d+ \[\d+ ([^\]]+)\] (.*)$/;
// A quoted argument; MONITOR escapes quotes and bytes inside it with backslashes.
const ARG = /"((?:[^"\\]|\\.)*)"/g;

/** One command as a MONITOR line shows it. */
export interface MonitorLine {
  /** The client's `host:port`, or `lua` when a script ran the command. */
  readonly source: string;
  /** The command and its arguments, still escaped as MONITOR prints them. */
  readonly args: readonly string[];
}

/** Parses a MONITOR line (without its leading `+`); `undefined` for anything else. */
export function parseMonitorLine(line: string): MonitorLine | undefined {
  const match = LINE.exec(line);
  if (!match) return undefined;
  const [, source = '', rest = ''] = match;
  return { source, args: [...rest.matchAll(ARG)].map((arg) => arg[1] ?? '') };
}

interface Watcher {
  /** Counts so far, by lower-case command name. */
  readonly counts: Record<string, number>;
  /** Echoes a marker, waits until MONITOR has shown it (so everything sent before too), then closes. */
  finish(): Promise<void>;
  /** Closes the monitor without waiting for anything. */
  close(): void;
}

/** An open MONITOR connection. */
export interface Monitor {
  /** Closes the connection; no line is reported after it. */
  close(): void;
}

/**
 * Opens a MONITOR on `127.0.0.1:port` over a raw socket and resolves once
 * Redis has answered `+OK`; every command line after that goes to `onLine`,
 * and a later socket error to `onError`. A raw socket because a client's own
 * monitor mode may take the first line for a reply when it comes in the same
 * read as the `+OK` (ioredis does, and fails).
 */
export function openMonitor(
  port: number,
  onLine: (line: MonitorLine) => void,
  onError: (error: Error) => void,
): Promise<Monitor> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const monitor: Monitor = { close: () => socket.destroy() };
    let buffered = '';
    let started = false;
    socket.setEncoding('utf8');
    socket.on('error', (error) => {
      if (started) onError(error);
      else reject(error);
    });
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      // MONITOR escapes CR and LF inside arguments, so CRLF always ends a line.
      const lines = buffered.split('\r\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!started) {
          started = line === '+OK';
          if (started) resolve(monitor);
          else {
            socket.destroy();
            reject(new Error(`MONITOR on port ${port} failed: ${line}`));
          }
          continue;
        }
        const parsed = parseMonitorLine(line.slice(1));
        if (parsed) onLine(parsed);
      }
    });
    socket.write(encodeCommand(['MONITOR']));
  });
}

/** Opens a MONITOR on `127.0.0.1:port` that counts commands; resolves once it is live. */
async function watch(port: number): Promise<Watcher> {
  const marker = `vial-count-${randomBytes(8).toString('hex')}`;
  const counts: Record<string, number> = {};
  let seen: () => void = () => {};
  let failed: (error: Error) => void = () => {};
  const seenMarker = new Promise<void>((resolve, reject) => {
    seen = resolve;
    failed = reject;
  });
  // Rejections before finish() would otherwise go unhandled; finish() reports them.
  seenMarker.catch(() => {});
  const monitor = await openMonitor(
    port,
    ({ source, args }) => {
      const name = (args[0] ?? '').toLowerCase();
      if (name === 'echo' && args[1] === marker) {
        seen();
        return;
      }
      // Commands a script runs cost no round trip: one EVALSHA is one command.
      if (source === 'lua' || SET_UP.has(name)) return;
      counts[name] = (counts[name] ?? 0) + 1;
    },
    failed,
  );
  return {
    counts,
    async finish() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, fail) => {
        timer = setTimeout(
          () => fail(new Error(`MONITOR on port ${port} never showed its flush marker`)),
          FLUSH_TIMEOUT_MS,
        );
      });
      try {
        await sendCommand(port, ['ECHO', marker]);
        await Promise.race([seenMarker, timeout]);
      } finally {
        clearTimeout(timer);
        monitor.close();
      }
    },
    close: monitor.close,
  };
}

/**
 * The commands clients sent to the servers on `127.0.0.1:<ports>` (one
 * server, or every master of a cluster) while `work` ran, summed over the
 * servers, by lower-case name, as MONITOR shows them. Talks RESP over raw
 * sockets, so it works whatever client `work` uses.
 *
 * Not counted: commands that Lua scripts run inside Redis (they cost no round
 * trip; `INFO commandstats` cannot tell them apart, hence MONITOR), and the
 * connection set-up commands clients send on their own (`HELLO`, `CLIENT`,
 * `PING`, `SELECT`, `INFO`, `CLUSTER`, `COMMAND`, `READONLY`). After `work`,
 * each server echoes a marker; once its MONITOR shows the marker, it has shown
 * every command sent before. The caller makes sure nothing else uses these
 * servers meanwhile.
 */
export async function countCommands(
  ports: readonly number[],
  work: () => Promise<unknown>,
): Promise<Record<string, number>> {
  const opened = await Promise.allSettled(ports.map(watch));
  const watchers = opened.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const closeAll = () => {
    for (const watcher of watchers) watcher.close();
  };
  for (const result of opened) {
    if (result.status === 'rejected') {
      closeAll();
      throw result.reason;
    }
  }
  try {
    await work();
  } catch (error) {
    closeAll();
    throw error;
  }
  await Promise.all(watchers.map((watcher) => watcher.finish()));
  const total: Record<string, number> = {};
  for (const { counts } of watchers) {
    for (const [name, count] of Object.entries(counts)) total[name] = (total[name] ?? 0) + count;
  }
  return total;
}
