import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisCli } from './cli.js';
import { eventually } from './eventually.js';
import { freePort } from './ports.js';
import { type RedisServer, startRedisServer } from './server.js';

// Sentinels still running when the test process exits are killed, as servers are.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Options of {@link startReplicatedRedis}. */
export interface ReplicatedRedisOptions {
  /** Replicas of the primary. Default 2, so that one is left to acknowledge after a promotion. */
  readonly replicas?: number;
  /** Sentinels watching it; the quorum is a majority of them. Default 3. */
  readonly sentinels?: number;
  /** Sentinel's `down-after-milliseconds`. Default 1000. */
  readonly downAfterMs?: number;
}

/** A Sentinel as clients take it. */
export interface SentinelAddress {
  readonly host: '127.0.0.1';
  readonly port: number;
}

/** A primary, its replicas and the Sentinels that watch them, on loopback ports. */
export interface ReplicatedRedis {
  /** The name the Sentinels monitor the primary under (ioredis `name`, node-redis `name`). */
  readonly name: string;
  /** The servers: the first is the primary at start. */
  readonly servers: readonly RedisServer[];
  readonly sentinels: readonly SentinelAddress[];
  /** The port the Sentinels give as the primary now (`SENTINEL get-master-addr-by-name`). */
  primaryPort(): Promise<number>;
  /** The server at `port`. */
  server(port: number): RedisServer;
  /**
   * Resolves once a majority of Sentinels name a primary other than
   * `formerPort`, that server says `ROLE` master, and every other live
   * server replicates from it with its link up.
   */
  promotedFrom(formerPort: number, timeoutMs?: number): Promise<number>;
  /** Stops every Sentinel and server. */
  stop(): Promise<void>;
}

/**
 * Starts a replicated Redis managed by Sentinels (`redis-server --sentinel`)
 * and resolves once the replicas are in sync and every Sentinel knows the
 * replicas and the other Sentinels, so that a failover can start at once.
 */
export async function startReplicatedRedis(
  options: ReplicatedRedisOptions = {},
): Promise<ReplicatedRedis> {
  const { replicas = 2, sentinels = 3, downAfterMs = 1000 } = options;
  const name = 'vialprimary';
  const dir = await mkdtemp(join(tmpdir(), 'vial-sentinel-'));
  const servers: RedisServer[] = [];
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map((child) => stopChild(child)));
    await Promise.all(servers.map((server) => server.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const primary = await startRedisServer();
    servers.push(primary);
    for (let i = 0; i < replicas; i++) {
      servers.push(
        await startRedisServer({ args: ['--replicaof', '127.0.0.1', String(primary.port)] }),
      );
    }
    await eventually(async () => {
      for (const replica of servers.slice(1)) {
        const info = await redisCli(replica.port, ['info', 'replication']);
        if (!info.includes('master_link_status:up'))
          throw new Error(`replica not in sync: ${info}`);
      }
    }, 20_000);
    const quorum = Math.floor(sentinels / 2) + 1;
    const addresses: SentinelAddress[] = [];
    for (let i = 0; i < sentinels; i++) {
      const port = await freePort();
      // Sentinel rewrites its config file, so each needs one of its own.
      const conf = join(dir, `sentinel-${i}.conf`);
      await writeFile(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${primary.port} ${quorum}`,
          `sentinel down-after-milliseconds ${name} ${downAfterMs}`,
          `sentinel failover-timeout ${name} 10000`,
          `sentinel parallel-syncs ${name} 1`,
          '',
        ].join('\n'),
      );
      const child = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
      live.add(child);
      child.once('exit', () => live.delete(child));
      children.push(child);
      addresses.push({ host: '127.0.0.1', port });
    }
    // Hello messages go out every 2 s: wait until each Sentinel sees the whole group.
    await eventually(async () => {
      for (const { port } of addresses) {
        const reply = await redisCli(port, ['sentinel', 'master', name]);
        const fields = fieldsOf(reply);
        if (
          fields.get('num-slaves') !== String(replicas) ||
          fields.get('num-other-sentinels') !== String(sentinels - 1)
        ) {
          throw new Error(`sentinel ${port} does not see the group yet:\n${reply}`);
        }
      }
    }, 30_000);

    const primaryPort = async () => {
      const votes = new Map<number, number>();
      for (const { port } of addresses) {
        try {
          const reply = await redisCli(port, ['sentinel', 'get-master-addr-by-name', name]);
          const found = Number(reply.trim().split('\n')[1]);
          votes.set(found, (votes.get(found) ?? 0) + 1);
        } catch {
          // A Sentinel that does not answer has no vote.
        }
      }
      const [port] = [...votes].sort((a, b) => b[1] - a[1])[0] ?? [];
      if (port === undefined) throw new Error('no Sentinel answered');
      return port;
    };
    const server = (port: number) => {
      const found = servers.find((s) => s.port === port);
      if (found === undefined) throw new Error(`no server on port ${port}`);
      return found;
    };
    return {
      name,
      servers,
      sentinels: addresses,
      primaryPort,
      server,
      promotedFrom: (formerPort, timeoutMs = 30_000) =>
        eventually(async () => {
          const port = await primaryPort();
          if (port === formerPort) throw new Error('no promotion yet');
          const role = await redisCli(port, ['role']);
          if (!role.startsWith('master')) throw new Error(`${port} is not master yet: ${role}`);
          for (const other of servers) {
            if (other.port === port || other.port === formerPort || other.pid === undefined)
              continue;
            const info = await redisCli(other.port, ['info', 'replication']);
            if (!info.includes(`master_port:${port}`) || !info.includes('master_link_status:up')) {
              throw new Error(`${other.port} does not replicate from ${port} yet`);
            }
          }
          return port;
        }, timeoutMs),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `SENTINEL master`'s reply: field and value on alternate lines. */
function fieldsOf(reply: string): Map<string, string> {
  const lines = reply.trim().split('\n');
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < lines.length; i += 2)
    fields.set(lines[i] as string, lines[i + 1] as string);
  return fields;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
