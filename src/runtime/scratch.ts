/**
 * A zeroed scratch area in the arena for kernels that mark or count per table
 * row (`renorm`, `inv_freq`, `row_csr`). Kernels leave it zeroed, so it is
 * cleared only when it grows or after a failed launch.
 *
 * @module
 */

import { arena } from "../memory/arena.ts";

let ptr = 0;
let bytes = 0;
let dirty = false;

/** Byte offset of a zeroed area of at least `n` bytes. */
export function zeroedScratch(n: number, who: string): number {
  if (n > bytes) {
    const want = Math.max(n, bytes * 2, 4096);
    const next = arena().alloc(want, who);
    if (bytes > 0) arena().free(ptr, bytes);
    ptr = next;
    bytes = want;
    dirty = true;
  }
  if (dirty) {
    arena().heap.u8.fill(0, ptr, ptr + bytes);
    dirty = false;
  }
  return ptr;
}

/** A launch failed: the scratch may hold marks, so clear it before next use. */
export function markScratchDirty(): void {
  dirty = true;
}
