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
    super(
      'VIAL_STORAGE_UNAVAILABLE',
      `The ${driver} storage failed during ${operation}: ${reason}. Check that the server is reachable; the operation can be retried.`,
      { cause },
    );
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

/** A value is larger than the `maxValueBytes` option allows. Nothing was written. */
export class ValueTooLargeError extends VialError {
  readonly key: string;

  constructor(key: string, bytes: number, limit: number) {
    super(
      'VIAL_VALUE_TOO_LARGE',
      `The value of session key ${JSON.stringify(key)} encodes to ${bytes} bytes, over the maxValueBytes limit of ${limit}. Nothing was written; store less in the session or raise maxValueBytes.`,
    );
    this.key = key;
  }
}
