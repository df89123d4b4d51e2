import { randomBytes } from 'node:crypto';
import { type MonitorLine, openMonitor } from '@vial/test-redis';
import { Redis } from 'ioredis';

/** Commands per operation, by upper-case command name. */
export type CommandMix = ReadonlyMap<string, number>;

/** What one kind of operation costs Redis, averaged over the samples. */
export interface CommandCount {
  /** Commands clients sent: each one is a round trip (no subject pipelines). */
  readonly sent: CommandMix;
  /** Commands that Lua scripts ran inside the server, on behalf of those sent. */
  readonly inScripts: CommandMix;
}

/** Total of a mix, such as 2 for `1 GET + 1 SET`. */
export function total(mix: CommandMix): number {
  let sum = 0;
  for (const count of mix.values()) sum += count;
  return sum;
}

/** `1 GET + 1 EXPIRE`, or `none`. */
export function describeMix(mix: CommandMix): string {
  if (mix.size === 0) return 'none';
  const amount = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
  return [...mix].map(([name, n]) => `${amount(n)} ${name}`).join(' + ');
}

/**
 * Counts the commands Redis at `url` receives while `action` runs `samples`
 * times, one after another, using MONITOR (which also shows the commands
 * that scripts run, tagged `lua`). Nothing else may use the server meanwhile.
 * Counted, not timed: the figure is exact whatever the machine's load.
 */
export async function countCommands(
  url: string,
  samples: number,
  action: (i: number) => Promise<unknown>,
): Promise<CommandCount> {
  const marker = `vial-bench-${randomBytes(8).toString('hex')}`;
  const sent = new Map<string, number>();
  const inScripts = new Map<string, number>();
  const pinger = new Redis(url);
  let failure: Error | undefined;
  let counting = false;
  let markerSeen = false;
  const count = ({ source, args }: MonitorLine) => {
    const name = String(args[0]).toUpperCase();
    if (name === 'ECHO' && args[1] === marker) {
      if (counting) markerSeen = true;
      else counting = true;
      return;
    }
    if (!counting || markerSeen) return;
    const tally = source === 'lua' ? inScripts : sent;
    tally.set(name, (tally.get(name) ?? 0) + 1);
  };
  try {
    const monitor = await openMonitor(Number(new URL(url).port), count, (error) => {
      failure = error;
    });
    try {
      // The first marker says the monitor is live; the second that every command before it arrived.
      await pinger.echo(marker);
      await waitFor(() => counting || failure);
      for (let i = 0; i < samples; i++) await action(i);
      await pinger.echo(marker);
      await waitFor(() => markerSeen || failure);
    } finally {
      monitor.close();
    }
  } finally {
    pinger.disconnect();
  }
  if (failure) throw failure;
  const perOp = (tally: Map<string, number>) =>
    new Map([...tally].map(([name, n]) => [name, n / samples]));
  return { sent: perOp(sent), inScripts: perOp(inScripts) };
}

/** Polls `done` (true, or an error that ends the wait) every 10 ms, for up to 10 s. */
async function waitFor(done: () => boolean | Error | undefined): Promise<void> {
  for (let i = 0; !done(); i++) {
    if (i > 1000) throw new Error('MONITOR did not report the marker command within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// The bench's own bookkeeping commands, left out of per-command times.
const BOOKKEEPING = new Set([
  'INFO',
  'CONFIG',
  'PING',
  'ECHO',
  'MONITOR',
  'CLIENT',
  'SELECT',
  'HELLO',
]);

/** µs per call by upper-case command name, from the text of INFO commandstats. */
export function commandTimes(info: string): Record<string, number> {
  const times: Record<string, number> = {};
  for (const match of info.matchAll(
    /^cmdstat_([^:]+):calls=\d+,usec=\d+,usec_per_call=([\d.]+)/gm,
  )) {
    const name = (match[1] as string).toUpperCase();
    if (!BOOKKEEPING.has(name.split('|')[0] as string)) times[name] = Number(match[2]);
  }
  return times;
}
