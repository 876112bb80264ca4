/**
 * `sparse_indices`: the row indices of a row-sparse gradient: the
 * non-padding entries of `idx` in input order (uncoalesced), or the distinct
 * rows from `row_csr` (coalesced).
 *
 * Args: `[idx, N, pad, csr, out]`. Units: one task.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";

/** Static spec of `sparse_indices`. */
export type SparseIndicesSpec = { readonly padded: boolean; readonly coalesced: boolean };

function sparseIndicesJs(h: Heap, s: SparseIndicesSpec, a: ArrayLike<number>): void {
  const i32 = h.i32;
  const idx = a[0] >>> 2, N = a[1], pad = s.padded ? a[2] : -1, out = a[4] >>> 2;
  if (s.coalesced) {
    const csr = a[3] >>> 2;
    i32.copyWithin(out, csr + 1, csr + 1 + i32[csr]);
    return;
  }
  let n = 0;
  for (let j = 0; j < N; j++) {
    const k = i32[idx + j];
    if (k !== pad) i32[out + n++] = k;
  }
}

/** The row-sparse gradient indices kernel. */
export const sparseIndices: Kernel<SparseIndicesSpec> = {
  name: "sparse_indices",
  args: ["idx", "N", "pad", "csr", "out"],
  unit: "task",
  js: sparseIndicesJs,
};
