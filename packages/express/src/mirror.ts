/**
 * `migrateFrom: { mirror: true }`, the deploy window: while servers on
 * express-session serve the same users, the old record stays the session.
 * A mirroring server reads it on every request into a vial Session that is
 * never stored (the face works on it as usual) and writes what the request
 * changed back to it, so that old and new servers see one session and a
 * rollback loses nothing. Sessions it starts get an old sid and cookie too.
 */
import { randomBytes } from 'node:crypto';
import { type Session, SessionGoneError, type Vial } from '@vial/core';
import { serialize } from 'cookie';
import { sign } from 'cookie-signature';
import {
  fillFromOld,
  type Migration,
  type OldCookieFields,
  readOldRecord,
  storeCall,
} from './migrate.js';
import type { AnySession } from './session-face.js';

/** One request's link to its old session while mirroring. */
export class OldSessionLink {
  /** The old session id; `null` until a new session is first written. */
  sid: string | null;
  #cookie: OldCookieFields | undefined;
  /** Each key's JSON as the old record had it (or as last written): what a save compares against. */
  readonly #seen = new Map<string, string>();
  /** A write the old cookie must follow (a new sid, or a new expiry) has not been answered with it yet. */
  #cookieOwed = false;

  constructor(
    readonly migration: Migration,
    readonly clock: { now(): number },
    sid: string | null = null,
    cookie?: OldCookieFields,
  ) {
    this.sid = sid;
    this.#cookie = cookie;
  }

  /** The old session `sid` in a new, unstored vial Session; `null` when it is gone or expired. */
  static async open<Data extends object>(
    vial: Vial<Data>,
    migration: Migration,
    sid: string,
  ): Promise<{ session: Session<Data>; link: OldSessionLink } | null> {
    const record = await readOldRecord(vial, migration, sid, true);
    if (record === null) return null;
    const session = vial.session();
    fillFromOld(session, record.data);
    const link = new OldSessionLink(migration, vial, sid, record.cookie);
    link.#remember(session as unknown as AnySession);
    return { session, link };
  }

  /**
   * Writes what the request changed (against the old record as it is now,
   * so an old server's change to another key in the meantime stays), or
   * slides the old record's expiry when nothing changed. A session ended
   * meanwhile by another request is not brought back. The old cookie is
   * then owed to the response for a new session, or one whose cookie
   * expires and was written, as express-session sends it.
   */
  async save(loose: AnySession, saveUninitialized: boolean): Promise<void> {
    const changed = new Map<string, string>();
    for (const key of loose.keys()) {
      const text = JSON.stringify(loose.get(key));
      if (text !== this.#seen.get(key)) changed.set(key, text);
    }
    const removed = [...this.#seen.keys()].filter((key) => !loose.has(key));
    const { migration } = this;
    const now = this.clock.now();
    if (changed.size === 0 && removed.length === 0 && (this.sid !== null || !saveUninitialized)) {
      if (this.sid !== null) await this.#touch(now);
      return;
    }
    let data: Record<string, unknown> = {};
    const fresh = this.sid === null;
    if (this.sid === null) {
      this.sid = randomBytes(24).toString('base64url');
      this.#cookie = this.#newCookie();
    } else {
      const current = await readOldRecord(this.clock, migration, this.sid, true);
      if (current === null) return;
      data = { ...current.data };
      this.#cookie = current.cookie ?? this.#cookie;
    }
    for (const [key, text] of changed) data[key] = JSON.parse(text);
    for (const key of removed) delete data[key];
    const sid = this.sid;
    const cookie = this.#slid(now);
    await storeCall<void>('set', (cb) => migration.store.set?.(sid, { cookie, ...data }, cb));
    this.#remember(loose);
    if (fresh || cookie.expires != null) this.#cookieOwed = true;
  }

  /** Ends the old session: its record goes, and no cookie is sent for it any more. */
  async destroy(): Promise<void> {
    const sid = this.sid;
    if (sid === null) return;
    this.sid = null;
    await storeCall<void>('destroy', (cb) => this.migration.store.destroy(sid, cb));
  }

  /** Reads the old record again into `session`, dropping what the request changed. */
  async reload(loose: AnySession): Promise<void> {
    const record =
      this.sid === null ? null : await readOldRecord(this.clock, this.migration, this.sid, true);
    if (this.sid !== null && record === null) throw new SessionGoneError('reload the session');
    for (const key of [...loose.keys()]) loose.delete(key);
    if (record !== null) {
      fillFromOld(loose, record.data);
      this.#cookie = record.cookie ?? this.#cookie;
    }
    this.#remember(loose);
  }

  /**
   * The old cookie's `Set-Cookie` value (express-session's
   * `s:<sid>.<signature>`) when a write owes it, or on every response of a
   * stored session with `rolling`; else `null`.
   */
  setCookie(secure: boolean, rolling: boolean): string | null {
    if (this.sid === null || !(this.#cookieOwed || rolling)) return null;
    this.#cookieOwed = false;
    const { cookie, secrets } = this.migration;
    const expires = this.#cookie?.expires;
    return serialize(cookie.name, `s:${sign(this.sid, secrets[0] as string)}`, {
      path: cookie.path,
      ...(cookie.domain === undefined ? {} : { domain: cookie.domain }),
      ...(expires == null ? {} : { expires: new Date(expires) }),
      httpOnly: cookie.httpOnly,
      secure,
      ...(cookie.sameSite === false ? {} : { sameSite: cookie.sameSite }),
    });
  }

  #remember(session: AnySession): void {
    this.#seen.clear();
    for (const key of session.keys()) this.#seen.set(key, JSON.stringify(session.get(key)));
  }

  /** Slides the record's expiry as express-session's `touch` does, when the cookie has a lifetime. */
  #slid(now: number): OldCookieFields {
    const cookie = { ...this.#cookie };
    if (typeof cookie.originalMaxAge === 'number') {
      cookie.expires = new Date(now + cookie.originalMaxAge).toISOString();
    }
    this.#cookie = cookie;
    return cookie;
  }

  async #touch(now: number): Promise<void> {
    const { store } = this.migration;
    const sid = this.sid as string;
    if (typeof store.touch !== 'function') return;
    const cookie = this.#slid(now);
    await storeCall<void>('touch', (cb) => store.touch?.(sid, { cookie }, cb));
  }

  /** express-session's serialized `Cookie` for a session a mirroring server starts. */
  #newCookie(): OldCookieFields {
    const { cookie, cookieMaxAge } = this.migration;
    return {
      originalMaxAge: cookieMaxAge,
      expires: null,
      httpOnly: cookie.httpOnly,
      path: cookie.path,
      ...(cookie.domain === undefined ? {} : { domain: cookie.domain }),
      ...(cookie.sameSite === false ? {} : { sameSite: cookie.sameSite }),
    };
  }
}
