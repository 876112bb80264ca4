/**
 * `sparse_values`: the values of a row-sparse gradient.
 *
 * - Uncoalesced (PyTorch's layout): one row per non-padding position, in
 *   input order. Units: positions; a launch starting at `start` writes from
 *   output row `start - (padding positions before start)`.
 * - Coalesced: one row per distinct row of `idx` (ascending, from `row_csr`),
 *   summing its positions in input order. Units: distinct rows. Terms are
 *   summed as in the dense gradient, so coalesced and dense gradients agree
 *   bit for bit.
 *
 * Args: `[G, idx, N, out, pad, bagOf, scale, argmax, invFreq, csr, nOut]` (`nOut`: the
 * output's rows; the uncoalesced layout stops with `FAULT` before writing past them).
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { addGradRow, gradPointers, type GradSource } from "./_grad_source.ts";

/** Static spec of `sparse_values`. */
export type SparseValuesSpec = {
  readonly D: number;
  readonly source: GradSource;
  readonly freq: boolean;
  readonly padded: boolean;
  readonly coalesced: boolean;
};

function sparseValuesJs(
  h: Heap,
  s: SparseValuesSpec,
  a: ArrayLike<number>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32, D = s.D, nOut = a[10];
  // Without padding, pad is 0.5: no int32 equals it, so every index (even -1) is checked.
  const idx = a[1] >>> 2, N = a[2], out = a[3] >>> 2, pad = s.padded ? a[4] : 0.5;
  const source = s.source === "rows" ? 0 : s.source === "scaled" ? 1 : 2;
  const p = gradPointers(a[0], a[5], a[6], a[7], a[8]);
  if (!s.coalesced) {
    let row = start;
    if (s.padded) { for (let j = 0; j < start; j++) if (i32[idx + j] === pad) row--; }
    for (let j = start; j < end; j++) {
      if (i32[idx + j] === pad) continue;
      if (row >>> 0 >= nOut) return 1;
      const o = out + row++ * D;
      f32.fill(0, o, o + D);
      addGradRow(h, source, s.freq, D, p, j, o);
    }
    return 0;
  }
  const csr = a[9] >>> 2, starts = csr + 1 + N, perm = csr + 2 + 2 * N;
  for (let u = start; u < end; u++) {
    const o = out + u * D, first = i32[starts + u], last = i32[starts + u + 1];
    f32.fill(0, o, o + D);
    for (let q = first; q < last; q++) addGradRow(h, source, s.freq, D, p, i32[perm + q], o);
  }
  return 0;
}

/** The row-sparse gradient values kernel. */
export const sparseValues: Kernel<SparseValuesSpec> = {
  name: "sparse_values",
  args: ["G", "idx", "N", "out", "pad", "bagOf", "scale", "argmax", "invFreq", "csr", "nOut"],
  unit: "position or distinct row",
  js: sparseValuesJs,
  helpers: [addGradRow, gradPointers],
};
