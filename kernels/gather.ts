/**
 * `gather`: the lookup. Copies `W[idx[j]]` to row `j` of the output.
 *
 * Args: `[W, idx, out]` (byte offsets). Units: positions `j`.
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
): void {
  const f32 = h.f32, i32 = h.i32, D = s.D;
  const W = a[0] >>> 2, idx = a[1] >>> 2, out = a[2] >>> 2;
  for (let j = start; j < end; j++) {
    const src = W + i32[idx + j] * D, dst = out + j * D;
    if (D >= 16) f32.copyWithin(dst, src, src + D);
    else for (let d = 0; d < D; d++) f32[dst + d] = f32[src + d];
  }
}

/** The lookup kernel. */
export const gather: Kernel<GatherSpec> = {
  name: "gather",
  args: ["W", "idx", "out"],
  unit: "position",
  js: gatherJs,
};
