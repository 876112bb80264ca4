/**
 * A bounded map that forgets its least recently used entry when full. Every
 * cache of compiled kernels, instances and plans is one, so a program that
 * meets ever new shapes or options keeps a bounded set of them.
 *
 * @module
 */

/** A `Map` bounded to `limit` entries, evicting the least recently used. */
export class Lru<K, V> {
  readonly limit: number;
  /** Entries with the tick of their last use: a hit only bumps the tick (no delete and re-insert). */
  readonly #map = new Map<K, { value: V; used: number }>();
  readonly #onEvict: ((key: K, value: V) => void) | undefined;
  #tick = 0;

  constructor(limit: number, onEvict?: (key: K, value: V) => void) {
    this.limit = limit;
    this.#onEvict = onEvict;
  }

  /** The value for `key`, now the most recently used; `undefined` if absent. */
  get(key: K): V | undefined {
    const entry = this.#map.get(key);
    if (entry === undefined) return undefined;
    entry.used = ++this.#tick;
    return entry.value;
  }

  /**
   * Stores `value` as the most recently used, evicting the least recently used
   * if full (a scan of the entries: evictions only follow new entries).
   */
  set(key: K, value: V): void {
    const entry = this.#map.get(key);
    if (entry !== undefined) {
      entry.value = value;
      entry.used = ++this.#tick;
      return;
    }
    this.#map.set(key, { value, used: ++this.#tick });
    while (this.#map.size > this.limit) {
      let oldKey: K | undefined, oldest: { value: V; used: number } | undefined;
      for (const [k, e] of this.#map) {
        if (oldest === undefined || e.used < oldest.used) [oldKey, oldest] = [k, e];
      }
      this.#map.delete(oldKey!);
      this.#onEvict?.(oldKey!, oldest!.value);
    }
  }

  /** Number of entries. */
  get size(): number {
    return this.#map.size;
  }

  /** Removes every entry (without calling `onEvict`). */
  clear(): void {
    this.#map.clear();
  }
}
