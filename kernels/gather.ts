/**
 * `gather`: the lookup. Copies `W[idx[j]]` to row `j` of the output.
 *
 * Args: `[W, idx, out, V]` (byte offsets, then the table's rows). Units: positions `j`.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";

/** Static spec of `gather`. */
export type GatherSpec = {
  readonly D: number;
  /** Hint for the Wasm kernel: the table is larger than the caches (touch rows ahead). */
  readonly touch?: boolean;
};

function gatherJs(
  h: Heap,
  s: GatherSpec,
  a: ArrayLike<number>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32, D = s.D;
  const W = a[0] >>> 2, idx = a[1] >>> 2, out = a[2] >>> 2, V = a[3];
  for (let j = start; j < end; j++) {
    const k = i32[idx + j];
    if (k >>> 0 >= V) return 1;
    const src = W + k * D, dst = out + j * D;
    if (D >= 16) f32.copyWithin(dst, src, src + D);
    else for (let d = 0; d < D; d++) f32[dst + d] = f32[src + d];
  }
  return 0;
}

/** The lookup kernel. */
export const gather: Kernel<GatherSpec> = {
  name: "gather",
  args: ["W", "idx", "out", "V"],
  unit: "position",
  js: gatherJs,
};
