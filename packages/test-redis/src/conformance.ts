import { randomBytes } from 'node:crypto';
import type { Driver } from '@vial/core';
import {
  type DescribeDriverOptions,
  describeDriver,
  describeWithVial,
} from '@vial/driver-test-suite';

/** How {@link describeRedisConformance} reaches one Redis deployment through one client library. */
export interface RedisConformanceOptions<Client> {
  /** For test titles, such as `'ioredis 6 on a cluster'`. */
  readonly name: string;
  /** A new, connected client of the deployment. */
  connect(): Promise<Client>;
  /** The driver under test over `client`, with `prefix`. */
  driver(client: Client, prefix: string): Driver;
  /** Sends a raw command through `client` (to the node owning `key` on a cluster). */
  send(client: Client, key: string, args: string[]): Promise<unknown>;
  /** Closes `client`; afterwards its commands fail as in an outage. */
  close(client: Client): Promise<void>;
  /**
   * `false` for a client that cannot fail (ioredis-mock: it answers after
   * `disconnect()` too): the storage-failure clauses are then not registered.
   */
  readonly canFail?: boolean;
  /**
   * The command that puts a non-record at `key`. Default: a string
   * (`SET`), which Redis refuses to read as a list (WRONGTYPE).
   */
  corrupt?(key: string): string[];
}

/**
 * The driver contract and the end-to-end checks for a Redis driver, on the
 * real clock (Redis's TTLs expire records), each test on a client and key
 * prefix of its own: closing that client is the outage `breakStorage` needs,
 * and a string under a session key is the corrupt record.
 */
export function describeRedisConformance<Client>(options: RedisConformanceOptions<Client>): void {
  const clients = new Map<Driver, { client: Client; prefix: string }>();
  const suite: DescribeDriverOptions = {
    name: options.name,
    features: ['userIndex', 'sids', 'conditionalUpdate', 'close', 'recordLimit'],
    clock: 'real',
    async createDriver() {
      const client = await options.connect();
      const prefix = `t${randomBytes(6).toString('hex')}:`;
      const driver = options.driver(client, prefix);
      clients.set(driver, { client, prefix });
      return driver;
    },
    ...(options.canFail === false
      ? {}
      : {
          async breakStorage(driver: Driver) {
            const opened = clients.get(driver);
            if (opened) await options.close(opened.client);
          },
        }),
    async corruptRecord(driver, sid) {
      const opened = clients.get(driver);
      if (!opened) throw new Error('corruptRecord: not a driver this suite created');
      const key = `${opened.prefix}s:${sid}`;
      const args = options.corrupt?.(key) ?? ['SET', key, 'not a vial session'];
      await options.send(opened.client, key, args);
    },
    async storedBytes(driver, sid) {
      const opened = clients.get(driver);
      if (!opened) throw new Error('storedBytes: not a driver this suite created');
      const key = `${opened.prefix}s:${sid}`;
      const elements = await options.send(opened.client, key, ['LRANGE', key, '0', '-1']);
      if (!Array.isArray(elements))
        throw new Error(`storedBytes: LRANGE ${key} answered ${String(elements)}`);
      return elements.reduce<number>((sum, element) => sum + Buffer.byteLength(String(element)), 0);
    },
    async cleanup() {
      const open = [...clients.values()];
      clients.clear();
      await Promise.all(open.map(({ client }) => options.close(client).catch(() => undefined)));
    },
  };
  describeDriver(suite);
  describeWithVial(suite);
}
