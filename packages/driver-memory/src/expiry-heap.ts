/**
 * Something that expires: a stored record or a user's index. The heap owns
 * `heapIndex` (-1 while not in the heap).
 */
export interface Expiring {
  /** Epoch milliseconds, or `null` for never (never-expiring items stay out of the heap). */
  expiresAt: number | null;
  /** Position in the heap's array, maintained by {@link ExpiryHeap}; -1 when absent. */
  heapIndex: number;
}

/**
 * A binary min-heap of items ordered by `expiresAt`, where each item knows
 * its own position. That lets a touch move an item in O(log n) instead of
 * pushing a second entry, so the heap holds exactly one entry per expiring
 * item however often items are touched, and reclaiming expired items looks
 * only at the top instead of scanning everything.
 */
export class ExpiryHeap<T extends Expiring> {
  readonly #items: T[] = [];

  /** How many items the heap holds. */
  get size(): number {
    return this.#items.length;
  }

  /** Puts `item` where its current `expiresAt` belongs: adds, moves or (for `null`) removes it. */
  schedule(item: T): void {
    if (item.expiresAt === null) {
      this.remove(item);
      return;
    }
    if (item.heapIndex < 0) {
      item.heapIndex = this.#items.length;
      this.#items.push(item);
    }
    this.#restore(item.heapIndex);
  }

  /** Takes `item` out of the heap, if it is in it. */
  remove(item: T): void {
    const index = item.heapIndex;
    if (index < 0) return;
    item.heapIndex = -1;
    const last = this.#items.pop() as T;
    if (last === item) return;
    this.#items[index] = last;
    last.heapIndex = index;
    this.#restore(index);
  }

  /** Removes and returns the earliest item if it expires at or before `now`, else `undefined`. */
  popExpired(now: number): T | undefined {
    const top = this.#items[0];
    if (top === undefined || keyOf(top) > now) return undefined;
    this.remove(top);
    return top;
  }

  #restore(index: number): void {
    this.#siftDown(this.#siftUp(index));
  }

  #siftUp(start: number): number {
    const items = this.#items;
    const item = items[start] as T;
    const key = keyOf(item);
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex] as T;
      if (keyOf(parent) <= key) break;
      items[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    items[index] = item;
    item.heapIndex = index;
    return index;
  }

  #siftDown(start: number): void {
    const items = this.#items;
    const count = items.length;
    const item = items[start] as T;
    const key = keyOf(item);
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= count) break;
      const right = left + 1;
      let child = left;
      if (right < count && keyOf(items[right] as T) < keyOf(items[left] as T)) child = right;
      const childItem = items[child] as T;
      if (keyOf(childItem) >= key) break;
      items[index] = childItem;
      childItem.heapIndex = index;
      index = child;
    }
    items[index] = item;
    item.heapIndex = index;
  }
}

function keyOf(item: Expiring): number {
  return item.expiresAt ?? Number.POSITIVE_INFINITY;
}
