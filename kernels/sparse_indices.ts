/**
 * `sparse_indices`: the row indices of a row-sparse gradient: the
 * non-padding entries of `idx` in input order (uncoalesced), or the distinct
 * rows from `row_csr` (coalesced).
 *
 * Args: as `SIG` names them: rows outside `[0, V)`, or more
 * than `nOut` of them, stop it with `FAULT`. Units: one task.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({
  idx: "i32*",
  N: "int",
  pad: "int",
  csr: "i32*",
  out: "i32*",
  V: "int",
  nOut: "int",
});

/** Static spec of `sparse_indices`. */
export type SparseIndicesSpec = { readonly padded: boolean; readonly coalesced: boolean };

function sparseIndicesJs(h: Heap, s: SparseIndicesSpec, a: JsArgs<typeof SIG>): number {
  const i32 = h.i32;
  // Without padding, pad is 0.5: no int32 equals it, so every index (even -1) is checked.
  const { idx, N, out, V, nOut } = a, pad = s.padded ? a.pad : 0.5;
  if (s.coalesced) {
    const csr = a.csr, U = i32[csr];
    if (U >>> 0 > nOut) return 1;
    i32.copyWithin(out, csr + 1, csr + 1 + U);
    return 0;
  }
  let n = 0;
  for (let j = 0; j < N; j++) {
    const k = i32[idx + j];
    if (k === pad) continue;
    if (k >>> 0 >= V || n >= nOut) return 1;
    i32[out + n++] = k;
  }
  return 0;
}

/** The row-sparse gradient indices kernel. */
export const sparseIndices: Kernel<SparseIndicesSpec, typeof SIG> = {
  name: "sparse_indices",
  sig: SIG,
  unit: "task",
  js: sparseIndicesJs,
};
