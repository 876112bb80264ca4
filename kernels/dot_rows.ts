/**
 * `dot_rows`: cosine-style scores of every table row against one query,
 * `out[r] = dot(W[r], q) / norms[r]`, the inner loop of `KeyedVectors`'
 * similarity queries (gensim's `dot(vectors, mean) / norms`).
 *
 * The dot product is summed in float32 in a fixed order that the Wasm twin
 * computes with SIMD: four accumulators of four lanes, vector `v` (elements
 * `4v .. 4v+3`) adding into accumulator `v % 4`; then the accumulators
 * combine as `(a0 + a1) + (a2 + a3)` lanewise, the lanes as
 * `(l0 + l2) + (l1 + l3)`, and the `D % 4` trailing elements are added one
 * by one. Every product and sum is rounded to float32.
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

const SIG = signature({ W: "f32*", q: "f32*", norms: "f32*", out: "f32*" });

/** Static spec of `dot_rows`: the row width. */
export type DotRowsSpec = { readonly D: number };

function dotRowsJs(
  h: Heap,
  s: DotRowsSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, D = s.D, vectors = D >> 2, fr = Math.fround;
  const { W, q, norms, out } = a;
  const acc = new Float64Array(16);
  for (let r = start; r < end; r++) {
    const row = W + r * D;
    acc.fill(0);
    for (let v = 0; v < vectors; v++) {
      const k = (v & 3) * 4, at = 4 * v;
      for (let l = 0; l < 4; l++) {
        acc[k + l] = fr(acc[k + l] + fr(f32[row + at + l] * f32[q + at + l]));
      }
    }
    const lane = [0, 0, 0, 0];
    for (let l = 0; l < 4; l++) {
      lane[l] = fr(fr(acc[l] + acc[4 + l]) + fr(acc[8 + l] + acc[12 + l]));
    }
    let sum = fr(fr(lane[0] + lane[2]) + fr(lane[1] + lane[3]));
    for (let d = vectors * 4; d < D; d++) sum = fr(sum + fr(f32[row + d] * f32[q + d]));
    f32[out + r] = sum / f32[norms + r];
  }
  return 0;
}

/** The row-scoring kernel of similarity queries. */
export const dotRows: Kernel<DotRowsSpec, typeof SIG> = {
  name: "dot_rows",
  sig: SIG,
  unit: "row",
  js: dotRowsJs,
};
