/** Base class of every error vial raises. Check with `instanceof VialError` or by `code`. */
export class VialError extends Error {
  /** A stable machine-readable code, such as `'VIAL_SESSION_GONE'`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An option passed to `new Vial()` or a driver factory is invalid. The message names it. */
export class InvalidOptionError extends VialError {
  readonly option: string;

  constructor(option: string, message: string) {
    super('VIAL_INVALID_OPTION', message);
    this.option = option;
  }
}

/** A client error as a phrase: its message, or its class when it has none (some clients' timeouts). */
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const message = cause.message.trim().replace(/\.+$/, '');
  return message === '' ? `${cause.constructor.name} (the client gave no message)` : message;
}

/**
 * The storage could not be reached or failed. `cause` holds the client's own
 * error. Nothing was written by the failed operation, or (for a save) the
 * write was all-or-nothing on the server: reload to see which.
 */
export class StorageUnavailableError extends VialError {
  /** 503 Service Unavailable: what a web framework's error handler should answer. */
  readonly status = 503;

  constructor(driver: string, operation: string, cause: unknown) {
    const reason = describeCause(cause);
    // A client that was never connected is a missing line of code, not a network fault.
    const advice =
      cause instanceof ClientNotConnectedError
        ? cause.advice
        : 'Check that the server is reachable; the operation can be retried.';
    super(
      'VIAL_STORAGE_UNAVAILABLE',
      `The ${driver} storage failed during ${operation}: ${reason}. ${advice}`,
      { cause },
    );
  }
}

/**
 * What a driver rejects with when its client was never connected (node-redis's
 * `createClient()` without `connect()`): the `StorageUnavailableError` that
 * wraps it gives `advice` instead of sending the user to the network.
 */
export class ClientNotConnectedError extends Error {
  override readonly name = 'ClientNotConnectedError';

  /**
   * @param client - how the client is named, such as `'the node-redis client'`
   * @param advice - what to do, such as "call `await client.connect()` before the first request"
   */
  constructor(
    client: string,
    readonly advice: string,
  ) {
    super(`${client} was never connected`);
  }
}

/**
 * The session was destroyed, revoked or expired while this copy of it was in
 * use, so the save was refused rather than bringing the session back.
 */
export class SessionGoneError extends VialError {
  constructor(operation: string) {
    super(
      'VIAL_SESSION_GONE',
      `Cannot ${operation}: the session was destroyed, revoked or has expired in storage. It was not recreated; start a new one with vial.session().`,
    );
  }
}

/** With `conflict: 'reject'`: the session changed in storage since it was loaded. */
export class ConflictError extends VialError {
  constructor() {
    super(
      'VIAL_CONFLICT',
      'The session changed in storage since it was loaded, so this save was rejected (conflict: "reject"). Reload the session and apply the change again.',
    );
  }
}

/** A value could not be encoded (or a stored one decoded) by the codec. Nothing was written. */
export class EncodingError extends VialError {
  /** The session key whose value failed. */
  readonly key: string;

  constructor(key: string, message: string, cause?: unknown) {
    super('VIAL_ENCODING', message, cause === undefined ? undefined : { cause });
    this.key = key;
  }
}

/** A feature needs a driver capability that the configured driver does not declare. */
export class MissingCapabilityError extends VialError {
  readonly capability: string;

  constructor(driver: string, capability: string, feature: string) {
    super(
      'VIAL_MISSING_CAPABILITY',
      `${feature} needs a driver with the "${capability}" capability, and the ${driver} driver does not have it. Use a driver that declares it, such as @vial/driver-memory or a Redis driver.`,
    );
    this.capability = capability;
  }
}

/** The size limits a session is held to, by option name. */
export type SizeLimit = 'maxKeyBytes' | 'maxValueBytes' | 'maxRecordBytes';

/**
 * A key, a value or the whole record is larger than its limit allows. Nothing
 * was written. `limit` names the option; `bytes` is the size found (UTF-8).
 */
export class LimitExceededError extends VialError {
  /** 413 Content Too Large: what a web framework's error handler should answer. */
  readonly status = 413;
  readonly limit: SizeLimit;
  readonly bytes: number;
  readonly max: number;

  constructor(code: string, limit: SizeLimit, bytes: number, max: number, message: string) {
    super(code, message);
    this.limit = limit;
    this.bytes = bytes;
    this.max = max;
  }
}

/** A session key (its name) is longer than `maxKeyBytes`. Nothing was written. */
export class KeyTooLargeError extends LimitExceededError {
  readonly key: string;

  constructor(key: string, bytes: number, max: number) {
    super(
      'VIAL_KEY_TOO_LARGE',
      'maxKeyBytes',
      bytes,
      max,
      `A session key of ${bytes} bytes (${JSON.stringify(key.slice(0, 40))}${key.length > 40 ? '…' : ''}) is over the maxKeyBytes limit of ${max}. Nothing was written; use a shorter key or raise maxKeyBytes.`,
    );
    this.key = key;
  }
}

/** A value is larger than the `maxValueBytes` option allows. Nothing was written. */
export class ValueTooLargeError extends LimitExceededError {
  readonly key: string;

  constructor(key: string, bytes: number, max: number) {
    super(
      'VIAL_VALUE_TOO_LARGE',
      'maxValueBytes',
      bytes,
      max,
      `The value of session key ${JSON.stringify(key)} encodes to ${bytes} bytes, over the maxValueBytes limit of ${max}. Nothing was written; store less in the session or raise maxValueBytes.`,
    );
    this.key = key;
  }
}

/** The whole stored record would be larger than `maxRecordBytes`. Nothing was written. */
export class RecordTooLargeError extends LimitExceededError {
  /**
   * `bytes` is the record's size as this copy of the session sees it;
   * `concurrent` says storage refused it, counting what other requests saved
   * meanwhile, so the size it judged is larger than `bytes`.
   */
  constructor(bytes: number, max: number, concurrent = false) {
    super(
      'VIAL_RECORD_TOO_LARGE',
      'maxRecordBytes',
      bytes,
      max,
      concurrent
        ? `The session would go over the maxRecordBytes limit of ${max} bytes in storage once the changes other requests saved meanwhile are counted (${bytes} bytes as this request sees it). Nothing was written; the session is still usable: store less in it (deleting keys always saves) or raise maxRecordBytes.`
        : `The session would take ${bytes} bytes in storage (keys, values and metadata), over the maxRecordBytes limit of ${max}. Nothing was written; store less in the session or raise maxRecordBytes.`,
    );
  }
}

/**
 * Thrown by a driver's `read` when what is stored under a sid cannot be a
 * session record (unparseable, truncated, of another type). Core treats the
 * session as absent, never extends it, and reports it through the
 * `onCorruptRecord` option; users do not see this error.
 */
export class CorruptRecordError extends VialError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('VIAL_CORRUPT_RECORD', `The stored session record cannot be read: ${reason}.`, options);
  }
}

/** A call reached a driver after its `close()`. */
export class DriverClosedError extends VialError {
  constructor(driver: string, operation: string) {
    super(
      'VIAL_DRIVER_CLOSED',
      `The ${driver} driver was closed, so ${operation} was refused. Create a new driver (and Vial) to keep using the store.`,
    );
  }
}

/**
 * A session opened through a previous token during `regenerateGrace` tried to
 * regenerate or change its user. Only the current token may do that.
 */
export class GraceSessionError extends VialError {
  constructor(action: string) {
    super(
      'VIAL_GRACE_SESSION',
      `Cannot ${action}: this session was opened with its previous token during the regenerate grace window. Only a request with the current token may regenerate it or change its user.`,
    );
  }
}
