/** Whether something with this expiry (epoch milliseconds, `null` for never) is gone at `now`. */
export function expired(expiresAt: number | null, now: number): boolean {
  return expiresAt !== null && expiresAt <= now;
}

/**
 * Frees expired entries of `map` a few at a time: a cursor walks the map in
 * insertion order, wrapping at the end, and deletes what has expired, so no
 * call scans everything (a Map iterator survives deletes and inserts).
 * Returns a function that looks at up to `count` entries, each at most once.
 */
export function sweeper<K, V>(
  map: Map<K, V>,
  expiryOf: (value: V) => number | null,
): (now: number, count: number) => void {
  let cursor = map.entries();
  return (now, count) => {
    for (let left = Math.min(count, map.size); left > 0; left--) {
      let next = cursor.next();
      if (next.done) {
        cursor = map.entries();
        next = cursor.next();
        if (next.done) return;
      }
      if (expired(expiryOf(next.value[1]), now)) map.delete(next.value[0]);
    }
  };
}
