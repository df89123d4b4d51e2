/** Which client library a subject talks to Redis through. */
export type ClientName = 'ioredis' | 'node-redis';

/** Which kind of store a subject is: vial, connect-redis, or the raw client doing the least that works. */
export type SubjectKind = 'vial' | 'connect-redis' | 'raw';

/**
 * One store under test, at the level of its own API (no HTTP). Every
 * operation works on stored session `i % sessions`, so 64 operations in
 * flight touch 64 different sessions, as 64 users would.
 */
export interface StoreSubject {
  /** What the table shows, such as `vial + ioredis`. */
  readonly name: string;
  readonly kind: SubjectKind;
  readonly client: ClientName;
  /** Stores `count` sessions with the benchmark payload. */
  seed(count: number): Promise<void>;
  /** Load, change one field (`visits`), save. */
  write(i: number): Promise<void>;
  /** Load (sliding the expiry, as each store does on a request that changes nothing), no change. */
  read(i: number): Promise<void>;
  /** Store one new session with the payload. */
  create(i: number): Promise<void>;
}

/** Thrown when an operation finds no session where the bench stored one: a broken subject, not a slow one. */
export function missing(name: string, i: number): Error {
  return new Error(`${name}: session ${i} was not found; the subject is broken`);
}
