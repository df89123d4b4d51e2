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
}

/** {@link MigrateFromOptions} after validation. */
export interface Migration {
  readonly store: ExpressSessionStore;
  readonly secrets: readonly string[];
  readonly cookie: ResolvedCookie;
}

const KNOWN = ['store', 'secret', 'cookieName', 'cookiePath', 'cookieDomain'];

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
  return { store, secrets, cookie };
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
  const read = async (): Promise<Record<string, unknown> | null> => {
    const old = await storeCall<unknown>('get', (cb) => migration.store.get(sid, cb));
    if (old === null || typeof old !== 'object') return null;
    const { cookie, ...data } = old as { cookie?: { expires?: unknown } };
    const expires = cookie?.expires;
    const expired = expires != null && new Date(expires as string).getTime() <= vial.now();
    return expired || Object.keys(data).length === 0 ? null : data;
  };
  const fill = (session: Session<Data>, data: Record<string, unknown>) => {
    const loose = session as unknown as Session<Record<string, unknown>>;
    for (const [key, value] of Object.entries(data)) {
      try {
        loose.set(key, value);
      } catch (error) {
        // One key vial cannot hold must not keep the rest from moving, nor the old cookie alive.
        if (!(error instanceof LimitExceededError || error instanceof EncodingError)) throw error;
        process.emitWarning(
          `An express-session key was left behind by the migration: ${error.message}`,
          { code: 'VIAL_MIGRATE_KEY_SKIPPED' },
        );
      }
    }
    if (userIdOf !== undefined) bindUser(session, userIdOf, data);
  };
  const session = await vial.importOnce(sid, migration.secrets[0] as string, read, fill);
  await storeCall<void>('destroy', (cb) => migration.store.destroy(sid, cb));
  // The old cookie opens the session it moved to only while its first requests may still arrive.
  if (session !== null && vial.now() - session.createdAt.getTime() > IMPORT_WINDOW_MS) return null;
  return session;
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

function storeCall<T>(
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
