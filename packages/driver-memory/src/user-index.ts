import type { UserIndex, UserIndexEntry } from '@vial/core';
import { type Expiring, ExpiryHeap } from './expiry-heap.js';

/**
 * One user's sessions. Its own `expiresAt` is the latest expiry of any entry
 * ever added (an upper bound), so the whole index is dropped once every
 * session in it must have expired, like a Redis key with a TTL: users who
 * never come back cost nothing forever.
 */
interface UserEntries extends Expiring {
  readonly userId: string;
  /** sid to its expiry (epoch milliseconds), `null` for never. */
  readonly sids: Map<string, number | null>;
}

/** The in-memory {@link UserIndex}, plus a sweep hook for the driver's reclaimer. */
export interface MemoryUserIndex extends UserIndex {
  /** Drops every user index whose entries have all expired by `now`; returns how many. */
  reclaim(now: number): number;
  /** How many users have an index. */
  readonly users: number;
}

/** Creates an empty in-memory user index. */
export function createUserIndex(): MemoryUserIndex {
  const byUser = new Map<string, UserEntries>();
  const heap = new ExpiryHeap<UserEntries>();

  const drop = (entries: UserEntries): void => {
    byUser.delete(entries.userId);
    heap.remove(entries);
  };

  const prune = (entries: UserEntries, now: number): void => {
    let latest: number | null = Number.NEGATIVE_INFINITY;
    for (const [sid, expiresAt] of entries.sids) {
      if (expiresAt !== null && expiresAt <= now) {
        entries.sids.delete(sid);
      } else if (latest !== null) {
        latest = expiresAt === null ? null : Math.max(latest, expiresAt);
      }
    }
    if (entries.sids.size === 0) {
      drop(entries);
      return;
    }
    entries.expiresAt = latest;
    heap.schedule(entries);
  };

  return {
    async add(userId, sid, expiresAt, now) {
      let entries = byUser.get(userId);
      if (entries === undefined) {
        entries = { userId, sids: new Map(), expiresAt, heapIndex: -1 };
        byUser.set(userId, entries);
      }
      entries.sids.set(sid, expiresAt);
      // Pruning here too keeps a busy user's index as small as their live sessions.
      prune(entries, now);
    },

    async list(userId, now) {
      const entries = byUser.get(userId);
      if (entries === undefined) return [];
      prune(entries, now);
      const live: UserIndexEntry[] = [];
      for (const [sid, expiresAt] of entries.sids) live.push({ sid, expiresAt });
      return live;
    },

    async remove(userId, sids) {
      const entries = byUser.get(userId);
      if (entries === undefined) return;
      for (const sid of sids) entries.sids.delete(sid);
      if (entries.sids.size === 0) drop(entries);
    },

    reclaim(now) {
      let dropped = 0;
      for (let entries = heap.popExpired(now); entries; entries = heap.popExpired(now)) {
        byUser.delete(entries.userId);
        dropped += 1;
      }
      return dropped;
    },

    get users() {
      return byUser.size;
    },
  };
}
