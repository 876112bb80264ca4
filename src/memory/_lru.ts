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
  readonly #map = new Map<K, V>();
  readonly #onEvict: ((key: K, value: V) => void) | undefined;

  constructor(limit: number, onEvict?: (key: K, value: V) => void) {
    this.limit = limit;
    this.#onEvict = onEvict;
  }

  /** The value for `key`, now the most recently used; `undefined` if absent. */
  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  /** Stores `value` as the most recently used, evicting the least recently used if full. */
  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.limit) {
      const [oldKey, oldValue] = this.#map.entries().next().value!;
      this.#map.delete(oldKey);
      this.#onEvict?.(oldKey, oldValue);
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
