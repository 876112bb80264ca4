/**
 * `adam_rows`: Adam on rows of a table, in the order `torch.optim.Adam`
 * computes it, in float32:
 *
 * ```text
 * m = m * beta1 + (1 - beta1) * g
 * v = v * beta2 + (1 - beta2) * (g * g)
 * denom = sqrt(v) / sqrt(bc2) + eps          bc2 = 1 - beta2^step (sqrt(v) rounded to float32)
 * w = w + (-lr / bc1) * (m / denom)          bc1 = 1 - beta1^step
 * ```
 *
 * Scalars are computed in float64 by the caller and rounded to float32 once.
 * Row-sparse (`dense: false`, distinct `rows`, the rows' moments updated
 * lazily as in `SparseAdam`) or dense; `M` and `V2` are `[V, D]` moment
 * tables. The piece the training issue fuses after a gradient.
 *
 * Args: as `SIG` names them: `c1 = 1 - beta1`,
 * `c2 = 1 - beta2`, `sqrtBc2 = sqrt(bc2)`, `step = -lr / bc1`.
 * Units: distinct rows (sparse) or table rows (dense).
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({
  W: "f32*",
  rows: "i32*",
  G: "f32*",
  M: "f32*",
  V2: "f32*",
  beta1: "float",
  c1: "float",
  beta2: "float",
  c2: "float",
  sqrtBc2: "float",
  eps: "float",
  step: "float",
  V: "int",
});

/** Static spec of `adam_rows`. */
export type AdamRowsSpec = { readonly D: number; readonly dense: boolean };

function adamRowsJs(
  h: Heap,
  s: AdamRowsSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32, D = s.D, fr = Math.fround;
  const { W, rows, G, M, V2, V } = a;
  const b1 = fr(a.beta1),
    c1 = fr(a.c1),
    b2 = fr(a.beta2),
    c2 = fr(a.c2),
    sb = fr(a.sqrtBc2),
    eps = fr(a.eps),
    step = fr(a.step);
  for (let u = start; u < end; u++) {
    const row = s.dense ? u : i32[rows + u];
    if (row >>> 0 >= V) return 1;
    const r = row * D, g = G + u * D;
    for (let d = 0; d < D; d++) {
      const gd = f32[g + d];
      const m = fr(fr(f32[M + r + d] * b1) + fr(c1 * gd));
      const v = fr(fr(f32[V2 + r + d] * b2) + fr(c2 * fr(gd * gd)));
      f32[M + r + d] = m;
      f32[V2 + r + d] = v;
      const denom = fr(fr(fr(Math.sqrt(v)) / sb) + eps);
      f32[W + r + d] = fr(f32[W + r + d] + fr(step * fr(m / denom)));
    }
  }
  return 0;
}

/** The Adam row-update kernel. */
export const adamRows: Kernel<AdamRowsSpec, typeof SIG> = {
  name: "adam_rows",
  sig: SIG,
  unit: "row",
  js: adamRowsJs,
};
