import { readFile } from 'node:fs/promises';
import os from 'node:os';

/** Where and with what a run happened. */
export interface Environment {
  /** ISO date and time the run started. */
  readonly date: string;
  readonly node: string;
  readonly os: string;
  readonly cpu: string;
  readonly cores: number;
  /** Total memory, bytes. */
  readonly memory: number;
  /** 1-minute load average when the run started: others using the machine skew throughput. */
  readonly load: number;
  readonly redis: string;
  /** Version of each package the run used, by package name. */
  readonly versions: Readonly<Record<string, string>>;
}

/** The packages whose versions the report lists. */
export const PACKAGES = [
  '@vial/core',
  '@vial/redis',
  '@vial/driver-ioredis',
  '@vial/driver-node-redis',
  '@vial/driver-memory',
  '@vial/express',
  '@vial/fastify',
  'connect-redis',
  'connect-redis9',
  'express-session',
  'express',
  'fastify',
  '@fastify/session',
  '@fastify/cookie',
  'ioredis',
  'redis',
  'autocannon',
] as const;

async function versionOf(name: string): Promise<string> {
  // pnpm links every dependency under the bench package's own node_modules.
  const file = new URL(`../node_modules/${name}/package.json`, import.meta.url);
  const json = JSON.parse(await readFile(file, 'utf8')) as { version: string };
  return json.version;
}

/** Describes this machine, the packages in use and the Redis server at `redisInfo` (INFO server text). */
export async function environment(redisInfo: string): Promise<Environment> {
  const versions: Record<string, string> = {};
  for (const name of PACKAGES) versions[name] = await versionOf(name);
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory: os.totalmem(),
    load: os.loadavg()[0] ?? 0,
    redis: /redis_version:(\S+)/.exec(redisInfo)?.[1] ?? 'unknown',
    versions,
  };
}
