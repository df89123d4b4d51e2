/** Called once an express-session style operation ended, with its error if it failed. */
export type SessionCallback = (error?: unknown) => void;

/**
 * `req.session.cookie` under `expressSession()`: what the session cookie
 * carries, read-only. Durations are milliseconds, as in express-session.
 */
export interface ExpressSessionCookie {
  /**
   * Milliseconds until the session expires unless used again, by the Vial's
   * clock; `null` when it never does, or for a browser-session cookie. Set
   * it, as with express-session, to give this session a lifetime of its
   * own ("remember me": `req.session.cookie.maxAge = 30 * 86_400_000`), or
   * to `null` for a browser-session cookie; saved with the session.
   */
  maxAge: number | null;
  /** The session's idle timeout in milliseconds (its own, else the Vial's `ttl`); `null` for none or a browser-session cookie. */
  readonly originalMaxAge: number | null;
  /** When the session expires unless used again; `null` when it never does, or for a browser-session cookie. */
  get expires(): Date | null;
  /** A `Date` gives the session a lifetime of its own until then; `false` (or `null`) asks for a browser-session cookie. */
  set expires(value: Date | null | false);
  readonly httpOnly: boolean;
  readonly path: string;
  readonly domain: string | undefined;
  /** `'auto'`: Secure exactly on HTTPS requests (Express's `req.secure`). */
  readonly secure: boolean | 'auto';
  readonly sameSite: 'lax' | 'strict' | 'none' | false;
  readonly partitioned: boolean;
}

/** The API part of an `expressSession()` session; its data are the other properties. */
export interface ExpressSessionMethods {
  /** The session's storage id (never its secret), `null` until it is first saved. */
  readonly id: string | null;
  readonly cookie: ExpressSessionCookie;
  /**
   * Ends this session (the old cookie opens nothing) and puts a new, empty
   * one at `req.session`, as express-session does; this object keeps its
   * data for reading (passport's `keepSessionInfo`).
   */
  regenerate(callback: SessionCallback): this;
  regenerate(): Promise<void>;
  /** Writes what changed now (one round trip) instead of when the response starts. */
  save(callback: SessionCallback): this;
  save(): Promise<void>;
  /** Ends the session: `req.session` becomes `undefined` and the cookie is cleared. */
  destroy(callback: SessionCallback): this;
  destroy(): Promise<void>;
  /** Drops unsaved changes and reads the session again. */
  reload(callback: SessionCallback): this;
  reload(): Promise<void>;
  /** Extends the session's idle expiry when the response starts (even without changes). */
  touch(): this;
}

/** An `expressSession()` session: the API plus `Data` as optional properties. */
export type ExpressSessionObject<Data extends object> = ExpressSessionMethods & Partial<Data>;
