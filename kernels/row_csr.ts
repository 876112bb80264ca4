/**
 * `row_csr`: groups the non-padding positions of `idx` by row, for coalesced
 * sparse gradients. Writes an int32 block at `csr` laid out for capacity `N`:
 *
 * - `csr[0]`: `U`, the number of distinct rows;
 * - `rows = csr[1 .. 1+N)`: the distinct rows, ascending (first `U` used);
 * - `starts = csr[1+N .. 2+2N)`: row `u` owns `perm[starts[u] .. starts[u+1])`;
 * - `perm = csr[2+2N .. 2+3N)`: positions, grouped by row, in input order
 *   within a row (a stable counting sort), so sums run in input order.
 *
 * `counts` is a zeroed int32 per table row, zeroed again before returning.
 * The block has `CSR_HISTOGRAM_INTS` more int32s after `3N + 2`, which
 * kernels may use as scratch (the Wasm kernel's radix histogram).
 *
 * Args: `[idx, N, pad, counts, csr]`. Units: one task.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";

/** Scratch int32s after the `3N + 2` of a csr block. */
export const CSR_HISTOGRAM_INTS = 2048;

/** Static spec of `row_csr`. */
export type RowCsrSpec = { readonly padded: boolean };

function rowCsrJs(h: Heap, s: RowCsrSpec, a: ArrayLike<number>): void {
  const i32 = h.i32;
  const idx = a[0] >>> 2, N = a[1], pad = s.padded ? a[2] : -1, counts = a[3] >>> 2;
  const csr = a[4] >>> 2, rows = csr + 1, starts = csr + 1 + N, perm = csr + 2 + 2 * N;
  let U = 0;
  for (let j = 0; j < N; j++) {
    const k = i32[idx + j];
    if (k === pad) continue;
    if (i32[counts + k]++ === 0) i32[rows + U++] = k;
  }
  i32.subarray(rows, rows + U).sort();
  i32[starts] = 0;
  for (let u = 0; u < U; u++) {
    const k = i32[rows + u], at = i32[starts + u];
    i32[starts + u + 1] = at + i32[counts + k];
    i32[counts + k] = at;
  }
  for (let j = 0; j < N; j++) {
    const k = i32[idx + j];
    if (k !== pad) i32[perm + i32[counts + k]++] = j;
  }
  for (let u = 0; u < U; u++) i32[counts + i32[rows + u]] = 0;
  i32[csr] = U;
}

/** The coalescing (group-by-row) kernel. */
export const rowCsr: Kernel<RowCsrSpec> = {
  name: "row_csr",
  args: ["idx", "N", "pad", "counts", "csr"],
  unit: "task",
  js: rowCsrJs,
};
