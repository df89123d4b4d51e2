/**
 * Lazy migration from express-session: a request that carries only a valid
 * express-session cookie gets its old session's data in a new vial session,
 * and the old record is destroyed, so that nobody is signed out and the old
 * cookie opens nothing afterwards.
 */
import {
  EncodingError,
  InvalidOptionError,
  LimitExceededError,
  type Session,
  StorageUnavailableError,
  type Vial,
} from '@vial/core';
import { clearingCookie, cookieValue, type ResolvedCookie, resolveCookie } from '@vial/http';
import { unsign } from 'cookie-signature';

/** An express-session store, such as connect-redis's `RedisStore`: what migration uses of it. */
export interface ExpressSessionStore {
  get(sid: string, callback: (error: unknown, session?: unknown) => void): unknown;
  destroy(sid: string, callback: (error?: unknown) => void): unknown;
  /** Needed with `mirror: true`: the write-through. */
  set?(sid: string, session: object, callback: (error?: unknown) => void): unknown;
  /** Used with `mirror: true` when present: slides the old record's expiry on a request that changed nothing. */
  touch?(sid: string, session: object, callback: (error?: unknown) => void): unknown;
}

/** Where the sessions to migrate come from: express-session's settings. */
export interface MigrateFromOptions {
  /** The app's express-session store instance (connect-redis's `RedisStore`, or any with `get` and `destroy`). */
  store: ExpressSessionStore;
  /** express-session's `secret`: one, or the list it accepted. */
  secret: string | readonly string[];
  /** express-session's cookie name (its `name` option). Default `'connect.sid'`. */
  cookieName?: string;
  /** The old cookie's `Path`, to clear it. Default `'/'`. */
  cookiePath?: string;
  /** The old cookie's `Domain`, to clear it. Default: none. */
  cookieDomain?: string;
  /**
   * The deploy window, while servers still on express-session serve the
   * same users: the old cookie and record stay the session, read on every
   * request and written through, so that an old server sees every change,
   * a new one sees the old servers' changes, and a rollback signs nobody
   * out. Default `false`: the move, once no old server is left (the old
   * session moves into vial, its record and cookie go). See MIGRATING.md.
   */
  mirror?: boolean;
  /** With `mirror`: express-session's `cookie.maxAge` (ms) for sessions a mirroring server starts. Default: none, a browser-session cookie, as express-session's. */
  cookieMaxAge?: number | null;
}

/** {@link MigrateFromOptions} after validation. */
export interface Migration {
  readonly store: ExpressSessionStore;
  readonly secrets: readonly string[];
  readonly cookie: ResolvedCookie;
  readonly mirror: boolean;
  readonly cookieMaxAge: number | null;
}

const KNOWN = [
  'store',
  'secret',
  'cookieName',
  'cookiePath',
  'cookieDomain',
  'mirror',
  'cookieMaxAge',
];

/** Validates `migrateFrom`; every error is an `InvalidOptionError` naming the option. */
export function resolveMigration(options: MigrateFromOptions, cookieName: string): Migration {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError(
      'migrateFrom',
      'migrateFrom must be an object: { store, secret, cookieName }',
    );
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) {
      throw new InvalidOptionError(
        `migrateFrom.${key}`,
        `expressSession() has no option \`migrateFrom.${key}\`. Known options: ${KNOWN.map((k) => `migrateFrom.${k}`).join(', ')}`,
      );
    }
  }
  const { store } = options;
  if (typeof store?.get !== 'function' || typeof store.destroy !== 'function') {
    throw new InvalidOptionError(
      'migrateFrom.store',
      "migrateFrom.store must be the app's express-session store (such as connect-redis's RedisStore), with get(sid, cb) and destroy(sid, cb)",
    );
  }
  const secrets =
    typeof options.secret === 'string' ? [options.secret] : [...(options.secret ?? [])];
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s === '')) {
    throw new InvalidOptionError(
      'migrateFrom.secret',
      "migrateFrom.secret must be express-session's `secret`: a non-empty string, or the list of them",
    );
  }
  const cookie = resolveCookie({
    name: options.cookieName ?? 'connect.sid',
    path: options.cookiePath ?? '/',
    ...(options.cookieDomain === undefined ? {} : { domain: options.cookieDomain }),
  });
  if (cookie.name === cookieName) {
    throw new InvalidOptionError(
      'migrateFrom.cookieName',
      `The vial cookie and the express-session cookie are both named ${cookie.name}: give the vial one another \`cookie.name\` (the default is 'vial')`,
    );
  }
  const mirror = options.mirror ?? false;
  if (typeof mirror !== 'boolean') {
    throw new InvalidOptionError(
      'migrateFrom.mirror',
      `migrateFrom.mirror must be true or false; got ${String(mirror)}`,
    );
  }
  if (mirror && typeof store.set !== 'function') {
    throw new InvalidOptionError(
      'migrateFrom.mirror',
      'migrateFrom.mirror writes through to the old store: it needs set(sid, session, cb), which this store lacks',
    );
  }
  const cookieMaxAge = options.cookieMaxAge ?? null;
  if (cookieMaxAge !== null && !(Number.isSafeInteger(cookieMaxAge) && cookieMaxAge > 0)) {
    throw new InvalidOptionError(
      'migrateFrom.cookieMaxAge',
      `migrateFrom.cookieMaxAge is express-session's cookie.maxAge: a positive whole number of milliseconds, or null; got ${String(cookieMaxAge)}`,
    );
  }
  return { store, secrets, cookie, mirror, cookieMaxAge };
}

/** What the request's express-session cookie holds. */
export interface OldCookie {
  /** The request carried the old cookie, valid or not: clear it. */
  readonly present: boolean;
  /** The old session id when the signature checked out, else `null`. */
  readonly sid: string | null;
}

/** Reads and verifies express-session's `s:<sid>.<signature>` cookie (cookie-signature's format). */
export function readOldCookie(header: string | undefined, migration: Migration): OldCookie {
  const raw = header === undefined ? undefined : cookieValue(header, migration.cookie.name);
  if (raw === undefined) return { present: false, sid: null };
  if (!raw.startsWith('s:')) return { present: true, sid: null };
  for (const secret of migration.secrets) {
    const sid = unsign(raw.slice(2), secret);
    if (sid !== false) return { present: true, sid };
  }
  return { present: true, sid: null };
}

/** The `Set-Cookie` value that deletes the old cookie. */
export function clearOldCookie(migration: Migration, secure: boolean): string {
  return clearingCookie(secure, { cookie: migration.cookie, secrets: [] });
}

/**
 * Moves the old session `sid` into a vial session and destroys the old
 * record; resolves to the vial session, or `null` when the old one is gone,
 * expired (its cookie's `expires`, by the Vial's clock) or held no data.
 *
 * Requests that carry the same old cookie at once converge on one vial
 * session: its token is derived from the old sid and the first
 * `migrateFrom.secret` (`vial.importOnce`), the first import creates it and
 * the others load it. The old record goes only once the vial session is
 * stored, so a failure on the way loses nothing: the next request tries again.
 */
export async function importOldSession<Data extends object>(
  vial: Vial<Data>,
  migration: Migration,
  sid: string,
  userIdOf?: UserIdOf,
): Promise<Session<Data> | null> {
  const read = async () => (await readOldRecord(vial, migration, sid))?.data ?? null;
  const fill = (session: Session<Data>, data: Record<string, unknown>) => {
    fillFromOld(session, data);
    if (userIdOf !== undefined) bindUser(session, userIdOf, data);
  };
  const session = await vial.importOnce(sid, migration.secrets[0] as string, read, fill);
  await storeCall<void>('destroy', (cb) => migration.store.destroy(sid, cb));
  // The old cookie opens the session it moved to only while its first requests may still arrive.
  if (session !== null && vial.now() - session.createdAt.getTime() > IMPORT_WINDOW_MS) return null;
  return session;
}

/** An old session as its store holds it: express-session's `cookie` object apart from the data. */
export interface OldRecord {
  readonly cookie: OldCookieFields | undefined;
  readonly data: Record<string, unknown>;
}

/** What of express-session's serialized `Cookie` migration reads and writes. */
export interface OldCookieFields {
  originalMaxAge?: number | null;
  expires?: string | Date | null;
  [field: string]: unknown;
}

/**
 * Reads the old session `sid`; `null` when it is gone, expired (its
 * cookie's `expires`, by the Vial's clock) or, unless `empty`, holds no data.
 */
export async function readOldRecord(
  vial: { now(): number },
  migration: Migration,
  sid: string,
  empty = false,
): Promise<OldRecord | null> {
  const old = await storeCall<unknown>('get', (cb) => migration.store.get(sid, cb));
  if (old === null || typeof old !== 'object') return null;
  const { cookie, ...data } = old as { cookie?: OldCookieFields };
  const expires = cookie?.expires;
  const expired = expires != null && new Date(expires).getTime() <= vial.now();
  return expired || (!empty && Object.keys(data).length === 0) ? null : { cookie, data };
}

/**
 * Sets each key of an old session's data on `session`. One key vial cannot
 * hold is left behind with a `VIAL_MIGRATE_KEY_SKIPPED` warning: it must
 * not keep the rest from moving, nor the old cookie alive.
 */
export function fillFromOld<Data extends object>(
  session: Session<Data>,
  data: Record<string, unknown>,
): void {
  const loose = session as unknown as Session<Record<string, unknown>>;
  for (const [key, value] of Object.entries(data)) {
    try {
      loose.set(key, value);
    } catch (error) {
      if (!(error instanceof LimitExceededError || error instanceof EncodingError)) throw error;
      process.emitWarning(
        `An express-session key was left behind by the migration: ${error.message}`,
        { code: 'VIAL_MIGRATE_KEY_SKIPPED' },
      );
    }
  }
}

/**
 * How long (ms, by the Vial's clock) after an old session moved a request
 * with its old cookie still opens the vial session: the requests a page
 * fired at once with the old cookie all land in it, while an old cookie
 * replayed later opens nothing.
 */
export const IMPORT_WINDOW_MS = 60_000;

/** `expressSession({ userIdOf })`: the user id a session's data names. */
export type UserIdOf = (data: Record<string, unknown>) => string | number | null | undefined;

/** Binds `session` to the user `userIdOf` finds in `data` (`null` unbinds, `undefined` leaves it). */
export function bindUser<Data extends object>(
  session: Session<Data>,
  userIdOf: UserIdOf,
  data: Record<string, unknown>,
): void {
  const found = userIdOf(data);
  if (found === undefined) return;
  const userId = found === null ? null : String(found);
  if (session.userId !== userId) session.userId = userId;
}

/** Calls the old store, its failure a `StorageUnavailableError`. */
export function storeCall<T>(
  operation: string,
  call: (callback: (error: unknown, value?: unknown) => void) => unknown,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const fail = (error: unknown) =>
      reject(new StorageUnavailableError('migrateFrom.store', `migrate (${operation})`, error));
    try {
      call((error, value) => (error ? fail(error) : resolve((value ?? null) as T)));
    } catch (error) {
      fail(error);
    }
  });
}
