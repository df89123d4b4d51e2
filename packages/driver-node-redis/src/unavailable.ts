import { StorageUnavailableError } from '@vial/core';

/** Wraps an error of the node-redis client in core's `StorageUnavailableError`, keeping it as `cause`. */
export function unavailable(operation: string, cause: unknown): StorageUnavailableError {
  return new StorageUnavailableError('node-redis', operation, cause);
}

/** Runs `attempt`, turning any rejection into a {@link StorageUnavailableError} for `operation`. */
export async function guarded<T>(operation: string, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (cause) {
    throw unavailable(operation, cause);
  }
}
