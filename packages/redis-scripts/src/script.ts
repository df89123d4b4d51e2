import { createHash } from 'node:crypto';
import {
  CREATE_LUA,
  INDEX_ADD_LUA,
  INDEX_LIST_LUA,
  INDEX_REMOVE_LUA,
  READ_LUA,
  UPDATE_LUA,
} from './lua.js';

/** A Lua script and the SHA1 that `EVALSHA` names it by. Every vial script takes exactly one key. */
export interface RedisScript {
  readonly name: string;
  readonly source: string;
  /** Lowercase hex SHA1 of `source`, as `SCRIPT LOAD` returns it. */
  readonly sha1: string;
}

function script(name: string, source: string): RedisScript {
  return { name, source, sha1: createHash('sha1').update(source).digest('hex') };
}

/** Every script vial runs, by operation. */
export const scripts = {
  read: script('read', READ_LUA),
  create: script('create', CREATE_LUA),
  update: script('update', UPDATE_LUA),
  indexAdd: script('indexAdd', INDEX_ADD_LUA),
  indexList: script('indexList', INDEX_LIST_LUA),
  indexRemove: script('indexRemove', INDEX_REMOVE_LUA),
} as const;

/** True when `error` is Redis's answer to `EVALSHA` of a script it has not cached. */
export function isNoScriptError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/**
 * Runs `script` by `EVALSHA`, and only when the server answers NOSCRIPT (a
 * restart, a failover, a new cluster node) sends the source by `EVAL`, which
 * also caches it. One command per call once the server knows the script.
 */
export function runScript<T>(
  script: RedisScript,
  evalsha: (sha1: string) => Promise<T>,
  evalSource: (source: string) => Promise<T>,
): Promise<T> {
  // `.catch`, not async/await: one promise less on every operation's hot path.
  return evalsha(script.sha1).catch((error: unknown) => {
    if (!isNoScriptError(error)) throw error;
    return evalSource(script.source);
  });
}
