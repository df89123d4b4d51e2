import { setMaxListeners } from 'node:events';

/**
 * What the driver reads of a plain node-redis client, beyond `sendCommand`:
 * whether it can write now, and the command options it was created with.
 * Both are optional, so that a pool or a look-alike client simply keeps
 * node-redis's own per-command timeout.
 */
export interface DeadlineSource {
  readonly isReady?: unknown;
  readonly _commandOptions?: { readonly timeout?: unknown; readonly abortSignal?: unknown };
}

/** The options a command goes out with when it shares its slot's deadline. */
export interface SharedDeadline {
  readonly options: { readonly timeout: 0; readonly abortSignal: AbortSignal };
  /** The client's `commandOptions.timeout`, for the error. */
  readonly timeoutMs: number;
}

/**
 * The commands of one slot share one abort signal in place of a timer each.
 * The signal aborts `timeout + slot` ms after the slot opened, so every
 * command waits at least `timeout` and at most `timeout + slot` (6 % more).
 */
const SLOTS_PER_TIMEOUT = 16;

/** The error a command dropped by its shared deadline rejects with, as node-redis's own timeout would. */
export class CommandTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(timeoutMs: number, cause: unknown) {
    super(`node-redis could not send the command within commandOptions.timeout (${timeoutMs} ms)`, {
      cause,
    });
  }
}

/**
 * node-redis 6 gives every command `commandOptions.timeout` (5 s by default)
 * to be written, through an `AbortSignal.timeout()` of its own: that timer
 * costs the client more CPU than sending the command. A ready client writes
 * what it is given at its next `setImmediate`, so the driver lets the
 * commands of one slot (a sixteenth of the timeout) share one
 * `AbortController` instead. node-redis still drops a command that is not
 * written by then and rejects it; nothing changes on the wire.
 *
 * Returns the options for the next command, or `undefined` to leave it to
 * the client: while it is not ready (offline queue, where commands pile up
 * and per-command timers are what node-redis does best), when it has no
 * timeout, or when it has an abort signal of the user's.
 */
export function deadlines(client: DeadlineSource): () => SharedDeadline | undefined {
  let current: SharedDeadline | undefined;
  let until = 0;
  return () => {
    const defaults = client._commandOptions;
    const timeout = defaults?.timeout;
    if (
      client.isReady !== true ||
      typeof timeout !== 'number' ||
      !(timeout > 0) ||
      defaults?.abortSignal !== undefined
    ) {
      return undefined;
    }
    const now = Date.now();
    if (current === undefined || now >= until || timeout !== current.timeoutMs) {
      const slot = Math.max(1, Math.ceil(timeout / SLOTS_PER_TIMEOUT));
      const controller = new AbortController();
      // One listener per command not yet written: many, by design.
      setMaxListeners(0, controller.signal);
      setTimeout(() => controller.abort(), timeout + slot).unref();
      current = { options: { timeout: 0, abortSignal: controller.signal }, timeoutMs: timeout };
      until = now + slot;
    }
    return current;
  };
}
