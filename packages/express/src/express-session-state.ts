import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Session, Vial } from '@vial/core';
import type { ResolvedCookie, SessionRequest } from '@vial/http';
import { holderOf, type ResponseHolder } from './hold-response.js';
import { saveAsJson } from './json-values.js';
import { bindUser, clearOldCookie, type Migration, type UserIdOf } from './migrate.js';
import { OldSessionLink } from './mirror.js';
import { isSecure } from './request-state.js';
import {
  type AnySession,
  createFace,
  detach,
  type Face,
  type FaceHost,
  sessionOf,
} from './session-face.js';
import { appendSetCookie } from './set-cookie.js';

/** The settings of `expressSession()` one request needs. */
export interface ExpressSessionSettings<Data extends object> {
  readonly vial: Vial<Data>;
  readonly cookie: ResolvedCookie;
  readonly rolling: boolean;
  readonly saveUninitialized: boolean;
  readonly unset: 'keep' | 'destroy';
  readonly userIdOf: UserIdOf | undefined;
  readonly migration: Migration | undefined;
}

/** The state `expressSession()` gave `req`, if any; its presence also marks the middleware as mounted. */
export function expressStateOf(req: IncomingMessage): ExpressSessionState<object> | undefined {
  const holder = holderOf(req);
  return holder instanceof ExpressSessionState
    ? (holder as ExpressSessionState<object>)
    : undefined;
}

/**
 * One request under `expressSession()`: the face at `req.session`, the vial
 * Session behind it, and what the held response waits for.
 */
export class ExpressSessionState<Data extends object> implements ResponseHolder, FaceHost {
  /** The vial Session of the current face. */
  session: Session<Data>;
  /** The face this middleware last put at `req.session`. */
  face: Face;
  /** `req.session.touch()` was called. */
  #touched = false;
  /** The request carried an express-session cookie to clear. */
  clearOld = false;
  /** While mirroring (`migrateFrom.mirror`): the old session `session` stands for, never stored in vial. */
  link: OldSessionLink | undefined;

  constructor(
    readonly settings: ExpressSessionSettings<Data>,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly request: SessionRequest<Data>,
    readonly next: (error?: unknown) => void,
    session: Session<Data>,
    link?: OldSessionLink,
  ) {
    this.session = session;
    this.link = link;
    this.face = createFace(session as unknown as AnySession, this);
  }

  /** `req.sessionID`: the current session's id. */
  currentId(): string | null {
    return this.sessionId(this.session as unknown as AnySession);
  }

  sessionId(session: AnySession): string | null {
    return this.#linkOf(session)?.sid ?? session.sid;
  }

  /** The old session `session` stands for while mirroring, if any. */
  #linkOf(session: AnySession | Session<Data>): OldSessionLink | undefined {
    return session === this.session ? this.link : undefined;
  }

  save(session: AnySession): Promise<void> {
    const link = this.#linkOf(session);
    if (link === undefined) return saveAsJson(session);
    return link.save(session, this.settings.saveUninitialized);
  }

  reload(session: AnySession): Promise<void> {
    return this.#linkOf(session)?.reload(session) ?? session.reload();
  }

  get cookie(): ResolvedCookie {
    return this.settings.cookie;
  }

  now(): number {
    return this.settings.vial.now();
  }

  touch(): void {
    this.#touched = true;
  }

  /** express-session's regenerate: the old session ends, a new empty one takes `req.session`. */
  async regenerate(face: Face): Promise<void> {
    const old = sessionOf(face) as unknown as Session<Data>;
    const link = this.#linkOf(old);
    detach(face);
    const fresh = this.settings.vial.session();
    if (face === this.face) {
      this.#install(fresh);
      // A mirrored session's successor is an old-format session too, so that old servers know it.
      if (link !== undefined) this.link = new OldSessionLink(link.migration, link.clock);
    }
    await this.#end(old, link);
  }

  /** express-session's destroy: `req.session` goes away at once, then the record. */
  async destroy(face: Face): Promise<void> {
    const session = sessionOf(face) as unknown as Session<Data>;
    const link = this.#linkOf(session);
    if (face === this.face) delete (this.req as { session?: unknown }).session;
    await this.#end(session, link);
  }

  /** Ends `session`, and while mirroring the old record it stands for. */
  async #end(session: Session<Data>, link: OldSessionLink | undefined): Promise<void> {
    await session.destroy();
    await link?.destroy();
  }

  #install(session: Session<Data>): void {
    this.session = session;
    this.face = createFace(session as unknown as AnySession, this);
    (this.req as { session?: unknown }).session = this.face;
  }

  async beforeHeaders(): Promise<void> {
    const { settings, res } = this;
    const session = await this.#sessionToSettle();
    if (this.link !== undefined) return this.#mirrorBeforeHeaders(session, this.link);
    if (session !== undefined && !session.isDestroyed) {
      if (settings.userIdOf !== undefined && session === this.session) {
        bindUser(session, settings.userIdOf, this.face as unknown as Record<string, unknown>);
      }
      await saveAsJson(session as unknown as AnySession);
      if (settings.saveUninitialized && session.isNew) await session.save();
      else if (this.#touched && !session.isNew && !settings.vial.rolling) await session.touch();
    }
    const secure = () => isSecure(this.req);
    const setCookie = await this.request.finish(session, secure, settings.rolling);
    if (res.headersSent) return;
    if (setCookie !== null) appendSetCookie(res, setCookie);
    const migration = settings.migration;
    if (this.clearOld && migration !== undefined) {
      appendSetCookie(res, clearOldCookie(migration, this.#oldSecure(migration)));
    }
  }

  /** While mirroring: the changes go to the old record, and the old cookie follows them. */
  async #mirrorBeforeHeaders(
    session: Session<Data> | undefined,
    link: OldSessionLink,
  ): Promise<void> {
    if (session !== undefined && !session.isDestroyed) {
      await link.save(session as unknown as AnySession, this.settings.saveUninitialized);
    }
    const setCookie = link.setCookie(this.#oldSecure(link.migration), this.settings.rolling);
    if (setCookie !== null && !this.res.headersSent) appendSetCookie(this.res, setCookie);
  }

  #oldSecure(migration: Migration): boolean {
    const { secure } = migration.cookie;
    return secure === 'auto' ? isSecure(this.req) : secure;
  }

  /** The Session to save: the face's, or after `req.session` was unset, what `unset` says. */
  async #sessionToSettle(): Promise<Session<Data> | undefined> {
    const current = (this.req as { session?: unknown }).session;
    if (current === this.face || this.session.isDestroyed) return this.session;
    if (this.settings.unset === 'destroy') {
      await this.#end(this.session, this.link);
      return this.session;
    }
    return undefined; // 'keep': the stored session stays as it was.
  }

  onError(error: unknown): void {
    this.next(error);
  }
}
