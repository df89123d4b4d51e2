import type { Codec } from './codec.js';
import { jsonCodec } from './codec.js';
import type { Driver } from './driver.js';
import { type Duration, describe, parseDuration } from './duration.js';
import { InvalidOptionError, MissingCapabilityError } from './errors.js';

/** Options of `new Vial()`. */
export interface VialOptions {
  /** Where sessions are stored, such as `memoryDriver()` or `ioredisDriver(client)`. Required. */
  driver: Driver;
  /**
   * Idle timeout: a session not used for this long expires. Sliding: each
   * load (with `rolling`) and each save extends it. Seconds or a duration
   * string; `false` for none. Default `'1d'`.
   */
  ttl?: Duration | false;
  /**
   * Absolute lifetime from creation, never extended by activity. Seconds or a
   * duration string; `false` (the default) for none.
   */
  maxAge?: Duration | false;
  /**
   * Idle timeout of sessions bound to a user (`session.userId`), such as a
   * long "remember me"; `maxAge` still caps it. Seconds or a duration
   * string; `false` for none. Default: the same as `ttl`.
   */
  userTtl?: Duration | false;
  /** How values are encoded. Default {@link jsonCodec}; `richCodec` from `@vial/core/codec-rich` keeps Dates, Maps, BigInts. */
  codec?: Codec;
  /** Slide the idle expiry on every load, in the same round trip as the read. Default `true`. */
  rolling?: boolean;
  /**
   * After `regenerate()`, how long the previous token stays valid for
   * requests already in flight with it. Seconds or a duration string;
   * `false` (the default) ends it at once.
   */
  regenerateGrace?: Duration | false;
  /**
   * What a save does when the session changed in storage since it was
   * loaded. `'merge'` (default): changed keys are written, other keys written
   * by concurrent requests are kept. `'reject'`: the save fails with a
   * `ConflictError`; needs a driver with `conditionalUpdate`.
   */
  conflict?: 'merge' | 'reject';
  /** The largest session key (its name), in bytes (UTF-8). Default 256. */
  maxKeyBytes?: number;
  /** The largest encoded value, in bytes (UTF-8), a key may hold. Default 1 MiB. */
  maxValueBytes?: number;
  /**
   * The largest whole session in storage, in bytes (UTF-8): every key and
   * value plus vial's own metadata (about 100 bytes). Default 1 MiB.
   */
  maxRecordBytes?: number;
  /**
   * Called when storage holds something under a session's id that is not a
   * readable session (truncated, of another type, written by something
   * else). vial treats the session as absent: the request gets a new session
   * and the broken record is never extended. Default: a process warning
   * (`process.emitWarning`, code `VIAL_CORRUPT_RECORD`).
   */
  onCorruptRecord?: (event: CorruptRecordEvent) => void;
  /** The clock, epoch milliseconds. Default: the driver's clock when it has one, else `Date.now`. */
  clock?: () => number;
}

/** What {@link VialOptions.onCorruptRecord} receives. */
export interface CorruptRecordEvent {
  /** The session id whose record could not be read. It opens nothing by itself. */
  readonly sid: string;
  /** The driver's name. */
  readonly driver: string;
  /** Why: a `CorruptRecordError` from the driver, or core's own finding. */
  readonly error: Error;
}

/** {@link VialOptions} after validation, durations in milliseconds. */
export interface ResolvedOptions {
  readonly driver: Driver;
  readonly ttlMs: number | null;
  readonly maxAgeMs: number | null;
  /** `undefined` when bound sessions follow `ttl`. */
  readonly userTtlMs: number | null | undefined;
  readonly codec: Codec;
  readonly rolling: boolean;
  readonly regenerateGraceMs: number | null;
  readonly conflict: 'merge' | 'reject';
  readonly maxKeyBytes: number;
  readonly maxValueBytes: number;
  readonly maxRecordBytes: number;
  readonly onCorruptRecord: (event: CorruptRecordEvent) => void;
  readonly clock: () => number;
}

const KNOWN_OPTIONS = new Set([
  'driver',
  'ttl',
  'maxAge',
  'userTtl',
  'codec',
  'rolling',
  'regenerateGrace',
  'conflict',
  'maxKeyBytes',
  'maxValueBytes',
  'maxRecordBytes',
  'onCorruptRecord',
  'clock',
]);

const DEFAULT_TTL: Duration = '1d';
const DEFAULT_MAX_KEY_BYTES = 256;
const DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;
const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

function warnCorruptRecord(event: CorruptRecordEvent): void {
  process.emitWarning(
    `vial: the ${event.driver} record of session ${event.sid} cannot be read (${event.error.message}); the request got a new session`,
    { code: 'VIAL_CORRUPT_RECORD' },
  );
}

function byteLimit(name: string, value: unknown, fallback: number): number {
  const limit = value ?? fallback;
  if (typeof limit !== 'number' || !(limit > 0)) {
    throw new InvalidOptionError(
      name,
      `${name} must be a positive number of bytes (Infinity for no limit); got ${describe(limit)}`,
    );
  }
  return limit;
}

/** Validates options at construction; every error names the option and says what it takes. */
export function resolveOptions(options: VialOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError(
      'options',
      `new Vial() takes an options object such as { driver: memoryDriver() }; got ${describe(options)}`,
    );
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(name)) {
      throw new InvalidOptionError(
        name,
        `Unknown option '${name}'. Known options: ${[...KNOWN_OPTIONS].join(', ')}`,
      );
    }
  }
  const driver = checkDriver(options.driver);
  const codec = options.codec ?? jsonCodec;
  if (typeof codec?.encode !== 'function' || typeof codec.decode !== 'function') {
    throw new InvalidOptionError(
      'codec',
      `codec must be an object with encode(value) and decode(text) functions; got ${describe(codec)}`,
    );
  }
  const conflict = options.conflict ?? 'merge';
  if (conflict !== 'merge' && conflict !== 'reject') {
    throw new InvalidOptionError(
      'conflict',
      `conflict must be 'merge' or 'reject'; got ${describe(conflict)}`,
    );
  }
  if (conflict === 'reject' && driver.capabilities?.conditionalUpdate !== true) {
    throw new MissingCapabilityError(driver.name, 'conditionalUpdate', "conflict: 'reject'");
  }
  const onCorruptRecord = options.onCorruptRecord ?? warnCorruptRecord;
  if (typeof onCorruptRecord !== 'function') {
    throw new InvalidOptionError(
      'onCorruptRecord',
      `onCorruptRecord must be a function; got ${describe(onCorruptRecord)}`,
    );
  }
  const rolling = options.rolling ?? true;
  if (typeof rolling !== 'boolean') {
    throw new InvalidOptionError(
      'rolling',
      `rolling must be true or false; got ${describe(rolling)}`,
    );
  }
  const clock = options.clock ?? (driver.now ? () => (driver.now as () => number)() : Date.now);
  if (typeof clock !== 'function') {
    throw new InvalidOptionError(
      'clock',
      `clock must be a function returning epoch milliseconds; got ${describe(clock)}`,
    );
  }
  return {
    driver,
    ttlMs: parseDuration('ttl', options.ttl ?? DEFAULT_TTL, true),
    maxAgeMs: parseDuration('maxAge', options.maxAge ?? false, true),
    userTtlMs:
      options.userTtl === undefined ? undefined : parseDuration('userTtl', options.userTtl, true),
    codec,
    rolling,
    regenerateGraceMs: parseDuration('regenerateGrace', options.regenerateGrace ?? false, true),
    conflict,
    maxKeyBytes: byteLimit('maxKeyBytes', options.maxKeyBytes, DEFAULT_MAX_KEY_BYTES),
    maxValueBytes: byteLimit('maxValueBytes', options.maxValueBytes, DEFAULT_MAX_VALUE_BYTES),
    maxRecordBytes: byteLimit('maxRecordBytes', options.maxRecordBytes, DEFAULT_MAX_RECORD_BYTES),
    onCorruptRecord,
    clock,
  };
}

const REQUIRED_OPERATIONS = ['read', 'create', 'update', 'touch', 'destroy'] as const;

function checkDriver(driver: unknown): Driver {
  if (driver === undefined || driver === null) {
    throw new InvalidOptionError(
      'driver',
      'driver is required: pass one such as memoryDriver() from @vial/driver-memory or ioredisDriver(client) from @vial/driver-ioredis',
    );
  }
  const candidate = driver as Partial<Driver>;
  const missing = REQUIRED_OPERATIONS.filter((op) => typeof candidate[op] !== 'function');
  if (missing.length > 0) {
    const what = `it lacks ${missing.join(', ')}`;
    throw new InvalidOptionError(
      'driver',
      `driver is not a vial Driver (${what}); see the Driver interface in @vial/core`,
    );
  }
  return driver as Driver;
}
