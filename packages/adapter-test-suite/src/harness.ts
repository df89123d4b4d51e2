import type { Vial } from '@vial/core';

/** Session data as the kit's routes use it: string keys, JSON values. */
export type KitData = Record<string, unknown>;

/** What the kit hands a harness to build an app with: the adapter's options. */
export interface KitOptions {
  /** The store, on the kit's counting memory driver and still clock. */
  readonly vial: Vial<KitData>;
  readonly secret?: string | readonly string[];
  readonly cookie?: Readonly<Record<string, unknown>>;
  /** Only passed when the harness says the adapter has `lazy`. */
  readonly lazy?: boolean;
}

/** An app a harness started: the kit sends it Fetch API requests. */
export interface KitApp {
  fetch(request: Request): Promise<Response>;
  close(): Promise<void>;
}

/**
 * How one adapter runs the kit. `serve` builds an app with the adapter,
 * configured with `options`, answering these routes (GET, each in the
 * framework's own idiom):
 *
 * | route | does |
 * | --- | --- |
 * | `/untouched` | answers `ok`, never touching the session |
 * | `/get` | answers the session's data as a JSON object |
 * | `/set?k=v&…` | sets each key to its string value; `ok` |
 * | `/stream` | sets `streamed: true`, then streams `first ` and `last` |
 * | `/destroy` | ends the session (sign-out); `bye` |
 * | `/regenerate` | regenerates the session (sign-in); `ok` |
 * | `/remember?ttl=30d` | gives the session its own lifetime (`setTtl`), or with `?browser=1` asks for a browser-session cookie; sets `remember: '1'`; `ok` |
 * | `/big?key=k&bytes=n` | sets `k` to a string of `n` characters; `ok` |
 * | `/replace` | (with `replaceAfterDestroy`) destroys the session, puts a new one in its place and sets `flash: 'signed out'` on it; `bye` |
 *
 * An error answers with its `status` (else 500) and its message as the
 * body, as each framework's error handling does with vial's errors.
 */
export interface AdapterHarness {
  /** Named in the kit's test titles. */
  readonly name: string;
  serve(options: KitOptions): Promise<KitApp>;
  /**
   * Builds the adapter with `options` and nothing else (registration for a
   * plugin): resolves, or throws or rejects with the adapter's error.
   */
  build(options: Record<string, unknown>): Promise<unknown> | unknown;
  /** The adapter takes `lazy: true` (the express-session face does not: it always loads). */
  readonly lazy: boolean;
  /** `regenerate` keeps the data (vial's API), or starts empty (the express-session face, as express-session does). */
  readonly regenerateKeepsData: boolean;
  /** A route can put a new session in place of one it destroyed (not on the express-session face). */
  readonly replaceAfterDestroy: boolean;
}
