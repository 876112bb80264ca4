/**
 * `sparse_adam_rows`: `torch.optim.SparseAdam`'s lazy update (1.13) of the
 * distinct rows of a table and of its two moment tables, in one pass, in
 * the order and float32 roundings PyTorch computes it (its update values
 * are added back, not blended):
 *
 * ```text
 * g  = sign * G[u]                         (sign -1: maximize)
 * mu = (g - m) * c1                        c1 = 1 - beta1
 * vu = (g * g - v) * c2                    c2 = 1 - beta2
 * m  = m + mu;  v = v + vu                 (PyTorch's numer and denom sums too)
 * w  = w + (m / (sqrt(v) + eps)) * step    step = -lr * sqrt(bc2) / bc1
 * ```
 *
 * Unit `u` updates row `rows[u]` of `W`, `M` and `V2` (all `[V, D]`) with
 * the coalesced gradient row `G[u]`; the rows must be distinct, so units
 * can be split across Workers. Rows absent from `rows` are not read.
 *
 * Args: as `SIG` names them (scalars in float64, rounded to float32 once;
 * `V` the table's rows). Units: distinct rows.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({
  W: "f32*",
  M: "f32*",
  V2: "f32*",
  rows: "i32*",
  G: "f32*",
  sign: "float",
  c1: "float",
  c2: "float",
  eps: "float",
  step: "float",
  V: "int",
});

/** Static spec of `sparse_adam_rows`. */
export type SparseAdamRowsSpec = {
  readonly D: number;
  /** Touch rows ahead (a cold table): in Wasm only, the results are the same. @default false */
  readonly touch?: boolean;
};

function sparseAdamRowsJs(
  h: Heap,
  s: SparseAdamRowsSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32, D = s.D, fr = Math.fround;
  const { W, M, V2, rows, G, V } = a;
  const sign = fr(a.sign), c1 = fr(a.c1), c2 = fr(a.c2), eps = fr(a.eps), step = fr(a.step);
  for (let u = start; u < end; u++) {
    const row = i32[rows + u];
    if (row >>> 0 >= V) return 1;
    const r = row * D, gu = G + u * D;
    for (let d = 0; d < D; d++) {
      const g = fr(sign * f32[gu + d]), om = f32[M + r + d], ov = f32[V2 + r + d];
      const m = fr(om + fr(fr(g - om) * c1));
      const v = fr(ov + fr(fr(fr(g * g) - ov) * c2));
      f32[M + r + d] = m;
      f32[V2 + r + d] = v;
      const denom = fr(fr(Math.sqrt(v)) + eps);
      f32[W + r + d] = fr(f32[W + r + d] + fr(fr(m / denom) * step));
    }
  }
  return 0;
}

/** The SparseAdam row-update kernel. */
export const sparseAdamRows: Kernel<SparseAdamRowsSpec, typeof SIG> = {
  name: "sparse_adam_rows",
  sig: SIG,
  unit: "row",
  js: sparseAdamRowsJs,
};
