import {
  EncodingError,
  LimitExceededError,
  type Session,
  SessionGoneError,
  StorageUnavailableError,
  type Vial,
} from '@vial/core';
import type { ErrorRequestHandler } from 'express';
import type { AppData } from './data.js';
import {
  badRequestPage,
  serverErrorPage,
  signedOutElsewherePage,
  tooLargePage,
  unavailablePage,
  unstorablePage,
} from './pages.js';

/** What to answer for an error: a status and a page, never a stack trace. */
interface ErrorAnswer {
  readonly status: number;
  readonly html: string;
}

/** vial refused a key, a value or the whole session for its size (`maxKeyBytes`, `maxValueBytes`, `maxRecordBytes`). */
function isTooLarge(error: unknown): error is LimitExceededError {
  return error instanceof LimitExceededError;
}

/** vial refused to store what the request changed; nothing of it was written. */
function isRefusedSave(error: unknown): boolean {
  return isTooLarge(error) || error instanceof EncodingError;
}

/** The 4xx status of a client error that Express's body parser raised (413, 400, 415), if it is one. */
function clientErrorStatus(error: unknown): number | undefined {
  const { status, expose } = (error ?? {}) as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true
    ? status
    : undefined;
}

/** The status and page for `error`; `undefined` for an unexpected one (a 500, to be logged). */
function answerFor(error: unknown): ErrorAnswer | undefined {
  if (error instanceof StorageUnavailableError) return { status: 503, html: unavailablePage() };
  // Signed out elsewhere while this request was running; its change was not kept.
  if (error instanceof SessionGoneError) return { status: 409, html: signedOutElsewherePage() };
  if (isTooLarge(error)) return { status: 413, html: tooLargePage() };
  if (error instanceof EncodingError) return { status: 422, html: unstorablePage() };
  const status = clientErrorStatus(error);
  if (status === 413) return { status, html: tooLargePage() };
  if (status !== undefined) return { status, html: badRequestPage() };
  return undefined;
}

/**
 * The session as loaded, without this request's unsaved changes, so that the
 * error page's own response (which saves the session) keeps nothing of a
 * refused request: sign-in binds the user before it sets the name.
 */
async function withoutChanges(
  vial: Vial<AppData>,
  session: Session<AppData>,
): Promise<Session<AppData>> {
  return session.id === null ? vial.session() : vial.load(session.id);
}

/** The app's last handler: a page for every error, logged only when unexpected. */
export function errorHandler(vial: Vial<AppData>): ErrorRequestHandler {
  return async (error, req, res, next) => {
    // Too late for a page: Express ends the connection.
    if (res.headersSent) return next(error);
    let answered: unknown = error;
    if (isRefusedSave(error)) {
      try {
        req.session = await withoutChanges(vial, req.session);
      } catch (reloadError) {
        answered = reloadError;
      }
    }
    // A failed save after res.redirect() leaves its Location header behind.
    res.removeHeader('Location');
    const answer = answerFor(answered);
    if (answer === undefined) console.error(answered);
    if (answer?.status === 503) res.set('Retry-After', '5');
    res.status(answer?.status ?? 500).send(answer?.html ?? serverErrorPage());
  };
}
