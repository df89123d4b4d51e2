import type { IncomingMessage } from 'node:http';
import { InvalidOptionError, type Session, type Vial } from '@vial/core';
import {
  beginRequest,
  EXPRESS_SESSION_HINTS,
  resolveHttpOptions,
  type SessionCookieOptions,
} from '@vial/http';
import {
  type ExpressSessionSettings,
  ExpressSessionState,
  expressStateOf,
} from './express-session-state.js';
import { holderOf, holdResponse } from './hold-response.js';
import { bothMounted, type VialMiddleware } from './middleware.js';
import {
  importOldSession,
  type MigrateFromOptions,
  type Migration,
  readOldCookie,
  resolveMigration,
  type UserIdOf,
} from './migrate.js';
import { OldSessionLink } from './mirror.js';
import type { SessionData } from './types.js';

/** Options of `expressSession()`. Any other option, and any unknown one, is refused with a hint. */
export interface ExpressSessionOptions<Data extends object = SessionData> {
  /** The store: `new Vial({ driver, ttl })`. Its `ttl` is the session's lifetime (express-session's `cookie.maxAge`). Required. */
  vial: Vial<Data>;
  /** Signs the cookie (vial's format): one secret, or a list for rotation, the first signing. At least 16 characters each. */
  secret?: string | readonly string[];
  /** The session cookie's name (default `'vial'`) and attributes, as in `vialSession()`; `sameSite` also takes express-session's spellings (`'Lax'`, `true` for `'strict'`). */
  cookie?: Omit<SessionCookieOptions, 'sameSite'> & {
    sameSite?: SessionCookieOptions['sameSite'] | 'Lax' | 'Strict' | 'None' | true;
  };
  /** Set the cookie on every response of a stored session, as express-session's `rolling`. Default `false`: set when it changes, and once per refresh step as the session's expiry slides. */
  rolling?: boolean;
  /** Store a new session even when the request put nothing in it. Default `false` (express-session's default is `true`). */
  saveUninitialized?: boolean;
  /** When the route unsets `req.session` (`delete` or `null`): `'keep'` (the default) leaves the stored session as it was, `'destroy'` ends it. */
  unset?: 'keep' | 'destroy';
  /** Lazy migration: open sessions of the app's express-session store once, then retire them. See MIGRATING.md. */
  migrateFrom?: MigrateFromOptions;
  /**
   * The user a session belongs to, read from its data when it is saved (and
   * when an old session is imported), so that `vial.sessionsOf()`,
   * `vial.revokeUser()` and `userTtl` work on this face: a string or number
   * binds the session to that user, `null` unbinds it, `undefined` leaves
   * the binding as it is. With passport: `(data) => data.passport?.user`.
   */
  userIdOf?: UserIdOf;
}

const KNOWN = [
  'vial',
  'secret',
  'cookie',
  'rolling',
  'saveUninitialized',
  'unset',
  'migrateFrom',
  'userIdOf',
];

const HINTS = {
  ...EXPRESS_SESSION_HINTS,
  lazy: '`lazy` → vialSession({ lazy: true }): expressSession() loads on every request with a cookie',
};

/**
 * An express-session-shaped face on a vial session, for apps and middleware
 * written for express-session (passport, connect-flash):
 *
 * ```ts
 * app.use(expressSession({ vial, secret: process.env.COOKIE_SECRET }));
 * app.get('/', (req, res) => {
 *   req.session.views = (req.session.views ?? 0) + 1; // one key of the vial session
 *   res.send(`${req.session.views} views`);
 * });
 * ```
 *
 * `req.session` holds the data as properties, each one key of the vial
 * Session (saved as a delta when the response starts); `regenerate`, `save`,
 * `destroy` and `reload` take a callback or return a promise. `req.sessionID`
 * is the storage id. A failing load or save goes to `next(err)`.
 */
export function expressSession<Data extends object = SessionData>(
  options: ExpressSessionOptions<Data>,
): VialMiddleware {
  const http = resolveHttpOptions(
    { ...options, cookie: expressSessionCookie(options.cookie) },
    'expressSession()',
    { known: KNOWN, hints: HINTS },
  );
  const settings: ExpressSessionSettings<Data> = {
    vial: http.vial,
    cookie: http.cookie,
    rolling: flag(options.rolling, 'rolling'),
    saveUninitialized: flag(options.saveUninitialized, 'saveUninitialized'),
    unset: unsetOption(options.unset),
    userIdOf: userIdOfOption(options.userIdOf),
    migration:
      options.migrateFrom === undefined
        ? undefined
        : resolveMigration(options.migrateFrom, http.cookie.name),
  };
  const { vial, migration } = settings;
  return function expressSessionMiddleware(req, res, next) {
    const mounted = holderOf(req);
    if (mounted !== undefined) {
      // Mounted twice (on the app and a router): the first one holds the request.
      next(mounted instanceof ExpressSessionState ? undefined : bothMounted());
      return;
    }
    const header = req.headers.cookie;
    const request = beginRequest(http, header);
    const old = migration === undefined ? undefined : readOldCookie(header, migration);
    const mirror = migration?.mirror === true;
    // A new session; while mirroring an old-format one, so that old servers know it.
    const fresh = (): Opened<Data> =>
      mirror
        ? { session: vial.session(), link: new OldSessionLink(migration as Migration, vial) }
        : { session: vial.session() };
    const open = async (): Promise<Opened<Data>> => {
      if (mirror && old?.sid) {
        // The deploy window: a live old session is the session, whatever vial cookie came along.
        const linked = await OldSessionLink.open(vial, migration as Migration, old.sid);
        if (linked !== null) return linked;
        if (request.incoming.token === null) return fresh();
      }
      if (request.incoming.token === null && old?.sid) {
        const imported = await importOldSession(
          vial,
          migration as NonNullable<typeof migration>,
          old.sid,
          settings.userIdOf,
        );
        if (imported !== null) return { session: imported };
      }
      return { session: await request.load() };
    };
    const start = ({ session, link }: Opened<Data>) => {
      const state = new ExpressSessionState(settings, req, res, request, next, session, link);
      state.clearOld = old?.present === true && !mirror;
      holdResponse(req, res, state);
      (req as { session?: unknown }).session = state.face;
      Object.defineProperty(req, 'sessionID', SESSION_ID);
      next();
    };
    if (request.incoming.token === null && !old?.sid) start(fresh());
    else open().then(start, next);
  };
}

/** The session a request opened, and while mirroring the old session it stands for. */
interface Opened<Data extends object> {
  readonly session: Session<Data>;
  readonly link?: OldSessionLink;
}

const SESSION_ID: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: IncomingMessage) {
    return expressStateOf(this)?.currentId() ?? null;
  },
};

/**
 * express-session's spellings of `sameSite`, which ported apps carry: any
 * case (`'Lax'`), and `true` for `'strict'`.
 */
function expressSessionCookie(
  cookie: ExpressSessionOptions<object>['cookie'],
): SessionCookieOptions | undefined {
  const sameSite: unknown = cookie?.sameSite;
  if (sameSite === true) return { ...cookie, sameSite: 'strict' };
  if (typeof sameSite === 'string' && sameSite !== sameSite.toLowerCase()) {
    return { ...cookie, sameSite: sameSite.toLowerCase() as SessionCookieOptions['sameSite'] };
  }
  return cookie as SessionCookieOptions | undefined;
}

function flag(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    throw new InvalidOptionError(name, `${name} must be true or false; got ${String(value)}`);
  }
  return value;
}

function userIdOfOption(value: unknown): UserIdOf | undefined {
  if (value === undefined || typeof value === 'function') return value as UserIdOf | undefined;
  throw new InvalidOptionError(
    'userIdOf',
    `userIdOf must be a function of the session data, such as (data) => data.passport?.user; got ${typeof value}`,
  );
}

function unsetOption(value: unknown): 'keep' | 'destroy' {
  if (value === undefined) return 'keep';
  if (value !== 'keep' && value !== 'destroy') {
    throw new InvalidOptionError(
      'unset',
      `unset must be 'keep' or 'destroy'; got ${String(value)}`,
    );
  }
  return value;
}
