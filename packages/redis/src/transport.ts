/** Sends one command and resolves its reply: strings, numbers, arrays, `null`; an error reply rejects. */
export type Send = (args: string[]) => Promise<unknown>;

/**
 * What the one Redis driver body needs of a client library: a way to send a
 * command to the node that owns a key, and one sender per master for SCAN.
 * `@vial/driver-ioredis` and `@vial/driver-node-redis` each implement it in
 * a few lines; everything else (layout, scripts, errors) is shared.
 */
export interface RedisTransport {
  /** The client library, for messages: `'ioredis'`, `'node-redis'`. */
  readonly name: string;
  /** True for a cluster, where the keys of one command must share a hash slot. */
  readonly clustered: boolean;
  /**
   * Sends `args`, a command whose keys are all `key` (or in its slot), to the
   * node that owns `key`. `args` is the driver's own fresh array: the
   * transport may hand it to the client without copying.
   */
  send(key: string, args: string[]): Promise<unknown>;
  /** One sender per master: the cluster's masters, or the one server. */
  masters(): Promise<readonly Send[]>;
  /**
   * Why `send(key, ['WAIT', ...])` cannot reach the connection that made
   * the key's writes (a pool, or a client that sends a command without a
   * key to any node), which makes the `wait` option refused; `undefined`
   * when it can.
   */
  readonly cannotWait?: string;
}
