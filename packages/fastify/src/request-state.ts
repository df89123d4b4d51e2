import type { Session } from '@vial/core';
import type { SessionRequest } from '@vial/http';

/**
 * One request's session: what `request.session` reads and writes, and what
 * the `onSend` hook finishes. Created on first use, so a route that never
 * touches the session parses no cookie and checks no signature.
 */
export class RequestState<Data extends object> {
  /** `request.session`: the loaded one, or one the route put in its place. */
  current: Session<Data> | undefined = undefined;
  /** The load was tried and failed (the error went to Fastify's error handler). */
  failed = false;
  /** `onSend` has run once: a later one (the error handler's reply) passes through. */
  finished = false;
  #loadSession: (() => Promise<Session<Data>>) | undefined = undefined;

  constructor(readonly request: SessionRequest<Data>) {}

  /** Resolves to `request.session`, loading it first when nothing is there yet. */
  load(): Promise<Session<Data>> {
    return this.request.load().then(
      (loaded) => {
        this.current ??= loaded;
        return this.current;
      },
      (error: unknown) => {
        this.failed = true;
        throw error;
      },
    );
  }

  /** `request.loadSession`, built on first use: a function that works detached from `request`. */
  get loadSession(): () => Promise<Session<Data>> {
    this.#loadSession ??= () => this.load();
    return this.#loadSession;
  }

  /** `request.session`, or a clear error saying how to get it. */
  session(): Session<Data> {
    if (this.current !== undefined) return this.current;
    throw new Error(
      this.failed
        ? "request.session is not available: the session failed to load (the error went to Fastify's error handler)"
        : 'request.session is not loaded on this route (`config: { session: false }`, or `lazy: true` without `config: { session: true }`): call `await request.loadSession()` first, or let the route load it',
    );
  }
}
