import { InvalidOptionError } from '@vial/core';
import type { WaitOption } from './options.js';
import type { RedisTransport } from './transport.js';

/**
 * `WAIT replicas timeout` after a write, on the connection that made it
 * (`send` routes by the written key): resolves once that many replicas
 * acknowledged every write of the connection so far, else rejects naming
 * the timeout and how many had it. The write is not undone.
 */
export type WaitForReplicas = (key: string) => Promise<void>;

/** The `wait` step of a driver, or `undefined` without the option; refuses a transport that cannot route it. */
export function waitForReplicas(
  transport: RedisTransport,
  factory: string,
  wait: Required<WaitOption> | undefined,
): WaitForReplicas | undefined {
  if (wait === undefined) return undefined;
  if (transport.cannotWait !== undefined) {
    throw new InvalidOptionError(
      'wait',
      `${factory}: wait is not available here: ${transport.cannotWait}`,
    );
  }
  const args = ['WAIT', String(wait.replicas), String(wait.timeout)];
  return async (key) => {
    const acked = Number(await transport.send(key, [...args]));
    if (acked < wait.replicas) {
      throw new Error(
        `WAIT: ${acked} of ${wait.replicas} replica${wait.replicas === 1 ? '' : 's'} acknowledged the write within ${wait.timeout} ms (the write is done on the primary and is not undone; a retry of the same save is harmless)`,
      );
    }
  };
}
