import { DriverClosedError } from '@vial/core';

/**
 * A driver's `close()`: later calls reject with `DriverClosedError`. Calls
 * already in flight finish by themselves, since closing tears nothing
 * down: the client is the user's and stays open.
 */
export class Closing {
  #closed = false;

  constructor(private readonly driver: string) {}

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Throws `DriverClosedError` for `operation` once closed. */
  check(operation: string): void {
    if (this.#closed) throw new DriverClosedError(this.driver, operation);
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }
}
