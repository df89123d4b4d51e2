/** The default key prefix of every key vial writes. */
export const DEFAULT_PREFIX = 'vial:';

/**
 * The names of vial's keys under one prefix. Every key is used alone: each
 * command and script touches exactly one key, so no hash tags are needed and
 * Redis Cluster never sees a CROSSSLOT command.
 */
export interface Keyspace {
  /** The prefix every key starts with, such as `'vial:'`. */
  readonly prefix: string;
  /** The key holding session `sid`'s record: `<prefix>s:<sid>` (a string). */
  session(sid: string): string;
  /** The key of `userId`'s session index: `<prefix>u:<userId>` (a sorted set). */
  user(userId: string): string;
  /** The sid of a session key returned by SCAN. */
  sidOf(sessionKey: string): string;
  /** A SCAN `MATCH` pattern for every session key, with glob characters of the prefix escaped. */
  readonly sessionPattern: string;
}

/** Builds the {@link Keyspace} of `prefix` (default `'vial:'`). */
export function keyspace(prefix: string = DEFAULT_PREFIX): Keyspace {
  const sessionPrefix = `${prefix}s:`;
  return {
    prefix,
    session: (sid) => sessionPrefix + sid,
    user: (userId) => `${prefix}u:${userId}`,
    sidOf: (key) => key.slice(sessionPrefix.length),
    sessionPattern: `${sessionPrefix.replace(/[*?[\]\\]/g, '\\$&')}*`,
  };
}
