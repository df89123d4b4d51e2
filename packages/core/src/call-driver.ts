import type { Driver } from './driver.js';
import { StorageUnavailableError, VialError } from './errors.js';

/**
 * Runs one driver call; a failure that is not already a `VialError` becomes a
 * `StorageUnavailableError` keeping the client's error as `cause`, so an
 * outage is never mistaken for an empty or new session.
 */
export function callDriver<T>(
  driver: Driver,
  operation: string,
  call: () => Promise<T>,
): Promise<T> {
  // `.catch`, not async/await: one promise less on every load and save.
  let pending: Promise<T>;
  try {
    pending = call();
  } catch (error) {
    pending = Promise.reject(error);
  }
  return pending.catch((error: unknown) => {
    throw error instanceof VialError
      ? error
      : new StorageUnavailableError(driver.name, operation, error);
  });
}
