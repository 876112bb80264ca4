/**
 * Free blocks of the arena, kept sorted by address and coalesced on release.
 * Live tensors are few (tables, batches, outputs), so a sorted array with a
 * first-fit scan is both simple and fast.
 */
export class FreeList {
  #ptrs: number[] = [];
  #sizes: number[] = [];

  /** Takes a block of exactly `size` bytes (split from a larger one if needed); -1 if none. */
  take(size: number): number {
    const ptrs = this.#ptrs, sizes = this.#sizes;
    for (let i = 0; i < ptrs.length; i++) {
      const have = sizes[i];
      if (have < size) continue;
      const ptr = ptrs[i];
      if (have === size) {
        ptrs.splice(i, 1);
        sizes.splice(i, 1);
      } else {
        ptrs[i] = ptr + size;
        sizes[i] = have - size;
      }
      return ptr;
    }
    return -1;
  }

  /** Releases a block, merging it with free neighbours. */
  give(ptr: number, size: number): void {
    const ptrs = this.#ptrs, sizes = this.#sizes;
    let lo = 0, hi = ptrs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ptrs[mid] < ptr) lo = mid + 1;
      else hi = mid;
    }
    const mergesLeft = lo > 0 && ptrs[lo - 1] + sizes[lo - 1] === ptr;
    const mergesRight = lo < ptrs.length && ptr + size === ptrs[lo];
    if (mergesLeft && mergesRight) {
      sizes[lo - 1] += size + sizes[lo];
      ptrs.splice(lo, 1);
      sizes.splice(lo, 1);
    } else if (mergesLeft) {
      sizes[lo - 1] += size;
    } else if (mergesRight) {
      ptrs[lo] = ptr;
      sizes[lo] += size;
    } else {
      ptrs.splice(lo, 0, ptr);
      sizes.splice(lo, 0, size);
    }
  }

  /**
   * A block ending at the allocation top was released: returns the new top,
   * swallowing a free block that ends where the released one starts.
   */
  absorbTail(ptr: number): number {
    const last = this.#ptrs.length - 1;
    if (last >= 0 && this.#ptrs[last] + this.#sizes[last] === ptr) {
      const top = this.#ptrs[last];
      this.#ptrs.pop();
      this.#sizes.pop();
      return top;
    }
    return ptr;
  }

  /** Number of free blocks (for tests and diagnostics). */
  get length(): number {
    return this.#ptrs.length;
  }
}
