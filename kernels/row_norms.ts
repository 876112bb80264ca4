/**
 * `row_norms`: the L2 norm of every row of a `[V, D]` float32 table, as
 * `KeyedVectors` caches them for its queries (gensim's `fill_norms`):
 *
 *     out[r] = f32(sqrt(sum_d W[r,d]^2))
 *
 * summed in float64 in the order of `d` (each square is exact in float64, so
 * only the additions round), the square root in float64, rounded once to
 * float32. The Wasm twin keeps each row's sum in its own f64x2 lane, in the
 * same order, so the two agree bit for bit.
 *
 * It dereferences no index data (its units are the rows themselves), so it
 * has nothing to guard and always returns 0.
 *
 * Args: as `SIG` names them. Units: table rows.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({ W: "f32*", out: "f32*" });

/** Static spec of `row_norms`: the row width. */
export type RowNormsSpec = { readonly D: number };

function rowNormsJs(
  h: Heap,
  s: RowNormsSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, D = s.D, { W, out } = a;
  let r = start;
  // Four rows at a time: four independent chains of additions (each row's sum in order).
  for (; r + 4 <= end; r += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let i = W + r * D, e = i + D; i < e; i++) {
      const x0 = f32[i], x1 = f32[i + D], x2 = f32[i + 2 * D], x3 = f32[i + 3 * D];
      s0 += x0 * x0, s1 += x1 * x1, s2 += x2 * x2, s3 += x3 * x3;
    }
    f32[out + r] = Math.sqrt(s0), f32[out + r + 1] = Math.sqrt(s1);
    f32[out + r + 2] = Math.sqrt(s2), f32[out + r + 3] = Math.sqrt(s3);
  }
  for (; r < end; r++) {
    let sum = 0;
    for (let i = W + r * D, e = i + D; i < e; i++) sum += f32[i] * f32[i];
    f32[out + r] = Math.sqrt(sum);
  }
  return 0;
}

/** The row-norm kernel of similarity queries. */
export const rowNorms: Kernel<RowNormsSpec, typeof SIG> = {
  name: "row_norms",
  sig: SIG,
  unit: "row",
  js: rowNormsJs,
};
