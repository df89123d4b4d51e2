import type { Driver } from './driver.js';
import { StorageUnavailableError, VialError } from './errors.js';

/**
 * Runs one driver call; a failure that is not already a `VialError` becomes a
 * `StorageUnavailableError` keeping the client's error as `cause`, so an
 * outage is never mistaken for an empty or new session.
 */
export async function callDriver<T>(
  driver: Driver,
  operation: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof VialError) throw error;
    throw new StorageUnavailableError(driver.name, operation, error);
  }
}
