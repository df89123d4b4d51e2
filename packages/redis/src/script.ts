import { createHash } from 'node:crypto';
import {
  APPEND_EXPIRE_LUA,
  CREATE_LUA,
  INDEX_ADD_LUA,
  INDEX_LIST_LUA,
  INDEX_REMOVE_LUA,
  SAVE_LUA,
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

/** Every script vial runs, by what it does. */
export const scripts = {
  create: script('create', CREATE_LUA),
  appendExpire: script('appendExpire', APPEND_EXPIRE_LUA),
  save: script('save', SAVE_LUA),
  indexAdd: script('indexAdd', INDEX_ADD_LUA),
  indexList: script('indexList', INDEX_LIST_LUA),
  indexRemove: script('indexRemove', INDEX_REMOVE_LUA),
} as const;

/**
 * Runs `script` on the node owning `key` by `EVALSHA`, and only when the
 * server answers NOSCRIPT (a restart, a failover, a new cluster node) sends
 * the source by `EVAL`, which also caches it.
 */
export function runScript(
  send: (key: string, args: string[]) => Promise<unknown>,
  script: RedisScript,
  key: string,
  args: readonly string[],
): Promise<unknown> {
  return send(key, ['EVALSHA', script.sha1, '1', key, ...args]).catch((error: unknown) => {
    if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
    return send(key, ['EVAL', script.source, '1', key, ...args]);
  });
}
