/**
 * Zeroed scratch areas in the arena for kernels that mark or count per table
 * row (`renorm`, `inv_freq`). Each run of a plan takes its own areas (so a
 * synchronous call made while an asynchronous one is on the Workers never
 * shares one) and gives them back when it ends. Kernels leave an area zeroed
 * when they complete, so an area given back by a successful run goes back to
 * a small pool as is; after a failure (a guard tripped, a Worker died) it may
 * hold marks, so it is returned to the arena instead and never reused dirty.
 *
 * @module
 */

import { arena } from "../memory/arena.ts";

/** A scratch area: byte offset and size. */
export interface ScratchArea {
  readonly ptr: number;
  readonly bytes: number;
}

/** Clean areas kept for reuse (few: a run rarely needs more than one). */
const MAX_POOLED = 2;
const pool: ScratchArea[] = [];

/** A zeroed area of at least `n` bytes, owned by the caller until `giveScratch`. */
export function takeScratch(n: number, who: string): ScratchArea {
  let best = -1;
  for (let i = 0; i < pool.length; i++) {
    if (pool[i].bytes >= n && (best < 0 || pool[i].bytes < pool[best].bytes)) best = i;
  }
  if (best >= 0) return pool.splice(best, 1)[0];
  const bytes = Math.max(n, 4096);
  const ptr = arena().alloc(bytes, who);
  arena().heap.u8.fill(0, ptr, ptr + bytes);
  return { ptr, bytes };
}

/**
 * Gives an area back: to the pool if `clean` (the kernels that used it
 * completed), else to the arena.
 */
export function giveScratch(area: ScratchArea, clean: boolean): void {
  if (!clean) return arena().free(area.ptr, area.bytes);
  pool.push(area);
  if (pool.length > MAX_POOLED) {
    // Keep the largest areas: they serve every smaller request.
    pool.sort((a, b) => b.bytes - a.bytes);
    const drop = pool.pop()!;
    arena().free(drop.ptr, drop.bytes);
  }
}
