import type { UserIndex, UserIndexEntry } from '@vial/core';
import type { Keyspace } from './keys.js';
import { asText } from './replies.js';
import { runScript, scripts } from './script.js';

/** The list script's reply, `[sid, score, ...]`, as entries (score `inf`: never expires). */
export function decodeIndexList(reply: unknown): UserIndexEntry[] {
  if (!Array.isArray(reply)) throw new TypeError('Unexpected reply from the vial index script');
  const entries: UserIndexEntry[] = [];
  for (let i = 0; i < reply.length; i += 2) {
    const score = Number(asText(reply[i + 1]).replace(/^\+?inf(inity)?$/i, 'Infinity'));
    entries.push({ sid: asText(reply[i]), expiresAt: Number.isFinite(score) ? score : null });
  }
  return entries;
}

function ms(value: number): string {
  return String(Math.round(value));
}

/** A user's sessions in a sorted set scored by expiry, pruned on every add and list. */
export function redisUserIndex(
  send: (key: string, args: string[]) => Promise<unknown>,
  keys: Keyspace,
): UserIndex {
  return {
    async add(userId, sid, expiresAt, now) {
      const args = [sid, expiresAt === null ? '+inf' : ms(expiresAt), ms(now)];
      await runScript(send, scripts.indexAdd, keys.user(userId), args);
    },
    async list(userId, now) {
      return decodeIndexList(
        await runScript(send, scripts.indexList, keys.user(userId), [ms(now)]),
      );
    },
    async remove(userId, sids) {
      // A script, not ZREM: the index key's own expiry follows its last member.
      if (sids.length > 0) await runScript(send, scripts.indexRemove, keys.user(userId), sids);
    },
  };
}
