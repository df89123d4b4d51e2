import { DriverClosedError } from '@vial/core';

/**
 * A driver's `close()` semantics: calls in flight finish, and calls made
 * after `close()` reject with `DriverClosedError`.
 */
export class Closing {
  #closed = false;
  #inFlight = 0;
  #drained: (() => void) | undefined;

  constructor(private readonly driver: string) {}

  /** Runs `work` unless closed, counting it as in flight until it settles. */
  run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new DriverClosedError(this.driver, operation));
    this.#inFlight += 1;
    return work().finally(() => {
      this.#inFlight -= 1;
      if (this.#inFlight === 0) this.#drained?.();
    });
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Refuses new calls and resolves once every call in flight settled. */
  close(): Promise<void> {
    this.#closed = true;
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#drained = resolve;
    });
  }
}
