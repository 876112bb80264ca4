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
 * Args: as `SIG` names them (`nOut`: the
 * output's rows; the uncoalesced layout stops with `FAULT` before writing past them).
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { addGradRow, GRAD_PARAMS, gradPointers, type GradSource } from "./_grad_source.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({
  ...GRAD_PARAMS,
  csr: "i32*",
  nOut: "int",
});

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
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32, D = s.D, nOut = a.nOut;
  // Without padding, pad is 0.5: no int32 equals it, so every index (even -1) is checked.
  const { idx, N, out } = a, pad = s.padded ? a.pad : 0.5;
  const source = s.source === "rows" ? 0 : s.source === "scaled" ? 1 : 2;
  const p = gradPointers(a.G, a.bagOf, a.scale, a.argmax, a.invFreq);
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
  const csr = a.csr, starts = csr + 1 + N, perm = csr + 2 + 2 * N;
  for (let u = start; u < end; u++) {
    const o = out + u * D, first = i32[starts + u], last = i32[starts + u + 1];
    f32.fill(0, o, o + D);
    for (let q = first; q < last; q++) addGradRow(h, source, s.freq, D, p, i32[perm + q], o);
  }
  return 0;
}

/** The row-sparse gradient values kernel. */
export const sparseValues: Kernel<SparseValuesSpec, typeof SIG> = {
  name: "sparse_values",
  sig: SIG,
  unit: "position or distinct row",
  js: sparseValuesJs,
  helpers: [addGradRow, gradPointers],
};
