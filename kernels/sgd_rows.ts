/**
 * `sgd_rows`: plain SGD on rows of a table, `W[r] -= lr * G[u]`, computed as
 * PyTorch's `param.add_(grad, alpha=-lr)` in float32 (`w + (-lr) * g`, the
 * product rounded first). Row-sparse (`dense: false`): unit `u` updates row
 * `rows[u]` with `G[u]`; the rows must be distinct (a coalesced gradient),
 * so units can be split across Workers. Dense: unit `r` updates row `r` with
 * `G[r]`. The piece the training issue fuses after a gradient.
 *
 * Args: as `SIG` names them (`lr` a float64, rounded to float32 once; `V` the table's rows).
 * Units: distinct rows (sparse) or table rows (dense).
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({ W: "f32*", rows: "i32*", G: "f32*", lr: "float", V: "int" });

/** Static spec of `sgd_rows`. */
export type SgdRowsSpec = { readonly D: number; readonly dense: boolean };

function sgdRowsJs(
  h: Heap,
  s: SgdRowsSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32, D = s.D;
  const { W, rows, G, V } = a, alpha = Math.fround(-a.lr);
  for (let u = start; u < end; u++) {
    const r = s.dense ? u : i32[rows + u];
    if (r >>> 0 >= V) return 1;
    const w = W + r * D, g = G + u * D;
    for (let d = 0; d < D; d++) f32[w + d] += Math.fround(alpha * f32[g + d]);
  }
  return 0;
}

/** The SGD row-update kernel. */
export const sgdRows: Kernel<SgdRowsSpec, typeof SIG> = {
  name: "sgd_rows",
  sig: SIG,
  unit: "row",
  js: sgdRowsJs,
};
