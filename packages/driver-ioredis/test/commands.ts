import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

// Commands clients send on their own (connection set-up, slot refreshes),
// not part of what an operation costs.
const IGNORED = new Set([
  'info',
  'cluster',
  'client',
  'command',
  'ping',
  'hello',
  'select',
  'readonly',
]);

/** Watches one server with MONITOR, counting top-level commands (not those scripts run inside). */
async function watch(port: number) {
  const marker = `count-commands-${randomBytes(8).toString('hex')}`;
  const monitor = await new Redis(port, '127.0.0.1').monitor();
  const counts: Record<string, number> = {};
  let flushed: () => void = () => {};
  const seenMarker = new Promise<void>((resolve) => {
    flushed = resolve;
  });
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    const name = (args[0] ?? '').toLowerCase();
    if (name === 'echo' && args[1] === marker) return flushed();
    if (source === 'lua' || IGNORED.has(name)) return;
    counts[name] = (counts[name] ?? 0) + 1;
  });
  return {
    /** Waits until MONITOR has reported everything sent before this call, then stops. */
    async finish(): Promise<Record<string, number>> {
      const admin = new Redis(port, '127.0.0.1');
      await admin.echo(marker);
      admin.disconnect();
      await seenMarker;
      monitor.disconnect();
      return counts;
    },
  };
}

/**
 * The commands clients sent to the servers on `ports` while `work` ran, by
 * lowercase name, as MONITOR saw them. Commands a Lua script runs are not
 * counted: one EVALSHA is one round trip. The caller makes sure nothing else
 * uses these servers meanwhile (the package runs its test files serially).
 */
export async function countCommands(
  ports: readonly number[],
  work: () => Promise<unknown>,
): Promise<Record<string, number>> {
  const watchers = await Promise.all(ports.map(watch));
  await work();
  const results = await Promise.all(watchers.map((watcher) => watcher.finish()));
  const total: Record<string, number> = {};
  for (const counts of results) {
    for (const [name, count] of Object.entries(counts)) total[name] = (total[name] ?? 0) + count;
  }
  return total;
}
