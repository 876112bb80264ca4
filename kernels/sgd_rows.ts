/**
 * `sgd_rows`: plain SGD on rows of a table, `W[r] -= lr * G[u]`, computed as
 * PyTorch's `param.add_(grad, alpha=-lr)` in float32 (`w + (-lr) * g`, the
 * product rounded first). Row-sparse (`dense: false`): unit `u` updates row
 * `rows[u]` with `G[u]`; the rows must be distinct (a coalesced gradient),
 * so units can be split across Workers. Dense: unit `r` updates row `r` with
 * `G[r]`. The piece the training issue fuses after a gradient.
 *
 * Args: `[W, rows, G, lr, V]` (`lr` a float64, rounded to float32 once; `V` the table's rows).
 * Units: distinct rows (sparse) or table rows (dense).
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";

/** Static spec of `sgd_rows`. */
export type SgdRowsSpec = { readonly D: number; readonly dense: boolean };

function sgdRowsJs(
  h: Heap,
  s: SgdRowsSpec,
  a: ArrayLike<number>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32, D = s.D;
  const W = a[0] >>> 2, rows = a[1] >>> 2, G = a[2] >>> 2, alpha = Math.fround(-a[3]), V = a[4];
  for (let u = start; u < end; u++) {
    const r = s.dense ? u : i32[rows + u];
    if (r >>> 0 >= V) return 1;
    const w = W + r * D, g = G + u * D;
    for (let d = 0; d < D; d++) f32[w + d] += Math.fround(alpha * f32[g + d]);
  }
  return 0;
}

/** The SGD row-update kernel. */
export const sgdRows: Kernel<SgdRowsSpec> = {
  name: "sgd_rows",
  args: ["W", "rows", "G", "lr", "V"],
  unit: "row",
  js: sgdRowsJs,
};
