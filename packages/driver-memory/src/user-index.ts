import type { UserIndex, UserIndexEntry } from '@vial/core';
import { expired } from './sweeper.js';

/** One user's sessions: sid to expiry (epoch milliseconds, `null` for never). */
export interface UserSessions {
  readonly sids: Map<string, number | null>;
  /** The latest expiry of any entry: once past, the whole index can go, like a Redis key's TTL. */
  latest: number | null;
}

/** Removes `entries`' sids expired at `now` and recomputes its `latest`. */
function prune(entries: UserSessions, now: number): void {
  let latest: number | null = Number.NEGATIVE_INFINITY;
  for (const [sid, expiresAt] of entries.sids) {
    if (expired(expiresAt, now)) entries.sids.delete(sid);
    else if (latest !== null) latest = expiresAt === null ? null : Math.max(latest, expiresAt);
  }
  entries.latest = latest;
}

/** The in-memory {@link UserIndex} over `byUser`; `guard` runs first on every call. */
export function createUserIndex(
  byUser: Map<string, UserSessions>,
  guard: (operation: string) => void,
  onAdd: (now: number) => void,
): UserIndex {
  /** Prunes `userId`'s index and forgets the user once it is empty. */
  const live = (userId: string, now: number): UserSessions | undefined => {
    const entries = byUser.get(userId);
    if (entries !== undefined) prune(entries, now);
    if (entries?.sids.size === 0) byUser.delete(userId);
    return byUser.get(userId);
  };

  return {
    async add(userId, sid, expiresAt, now) {
      guard('userIndex.add');
      if (!byUser.has(userId)) byUser.set(userId, { sids: new Map(), latest: null });
      byUser.get(userId)?.sids.set(sid, expiresAt);
      live(userId, now);
      onAdd(now);
    },

    async list(userId, now) {
      guard('userIndex.list');
      const found: UserIndexEntry[] = [];
      for (const [sid, expiresAt] of live(userId, now)?.sids ?? []) found.push({ sid, expiresAt });
      return found;
    },

    async remove(userId, sids) {
      guard('userIndex.remove');
      const entries = byUser.get(userId);
      if (entries === undefined) return;
      for (const sid of sids) entries.sids.delete(sid);
      if (entries.sids.size === 0) byUser.delete(userId);
    },
  };
}
