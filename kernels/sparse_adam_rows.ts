/**
 * `sparse_adam_rows`: `torch.optim.SparseAdam`'s lazy update (1.13) of a
 * table and its two moment tables from a row-sparse gradient, fused with
 * the gradient's coalescing: one pass over the distinct rows of `idx` (from
 * `row_csr`) that sums each row's gradient terms (see `_grad_source.ts`)
 * from zero in input order, as the coalesced gradient does, then updates
 * the row of `W`, `M` and `V2` (all `[V, D]`) in place, in the order and
 * float32 roundings PyTorch computes it (its update values are added back,
 * not blended):
 *
 * ```text
 * g  = sign * (sum of the row's terms)     (sign -1: maximize)
 * mu = (g - m) * c1                        c1 = 1 - beta1
 * vu = (g * g - v) * c2                    c2 = 1 - beta2
 * m  = m + mu;  v = v + vu                 (PyTorch's numer and denom sums too)
 * w  = w + (m / (sqrt(v) + eps)) * step    step = -lr * sqrt(bc2) / bc1
 * ```
 *
 * Rows absent from `idx` are not read. Each launch sums a row at row `start`
 * of `out` (scratch of at least `end` rows), so split launches never share
 * one and the per-row sums never go to memory as a `[U, D]` array.
 *
 * Args: as `SIG` names them (scalars in float64, rounded to float32 once;
 * `V` the table's rows). Units: distinct rows.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { addGradRow, GRAD_PARAMS, gradPointers, type GradSource } from "./_grad_source.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({
  ...GRAD_PARAMS,
  csr: "i32*",
  W: "f32*",
  M: "f32*",
  V2: "f32*",
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
  readonly source: GradSource;
  readonly freq: boolean;
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
  const { W, M, V2, N, csr, V } = a, acc = a.out + start * D;
  const source = s.source === "rows" ? 0 : s.source === "scaled" ? 1 : 2;
  const p = gradPointers(a.G, a.bagOf, a.scale, a.argmax, a.invFreq);
  const rows = csr + 1, starts = csr + 1 + N, perm = csr + 2 + 2 * N;
  const sign = fr(a.sign), c1 = fr(a.c1), c2 = fr(a.c2), eps = fr(a.eps), step = fr(a.step);
  for (let u = start; u < end; u++) {
    const row = i32[rows + u];
    if (row >>> 0 >= V) return 1;
    f32.fill(0, acc, acc + D);
    const last = i32[starts + u + 1];
    for (let q = i32[starts + u]; q < last; q++) {
      addGradRow(h, source, s.freq, D, p, i32[perm + q], acc);
    }
    const r = row * D;
    for (let d = 0; d < D; d++) {
      const g = fr(sign * f32[acc + d]), om = f32[M + r + d], ov = f32[V2 + r + d];
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
  unit: "distinct row",
  js: sparseAdamRowsJs,
  helpers: [addGradRow, gradPointers],
};
