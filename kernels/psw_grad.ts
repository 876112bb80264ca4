/**
 * `psw_grad`: the gradient of a weighted sum bag with respect to its
 * per-sample weights: `out[j] = dot(G[b], W[idx[j]])` for position `j` of bag
 * `b`, and 0 at padding positions. The dot product is summed in float32 in
 * SIMD-friendly order: four lane sums `s_l` over `d = 4i + l` (for the full
 * groups of four), combined as `(s_0 + s_1) + (s_2 + s_3)`, then the
 * remaining dimensions in order.
 *
 * Args: as `SIG` names them. Units: bags.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({
  G: "f32*",
  W: "f32*",
  idx: "i32*",
  off: "i32*",
  nOff: "int",
  N: "int",
  pad: "int",
  out: "f32*",
  V: "int",
});

/** Static spec of `psw_grad`. */
export type PswGradSpec = {
  readonly D: number;
  readonly padded: boolean;
  readonly touch?: boolean;
};

function pswGradJs(
  h: Heap,
  s: PswGradSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32, D = s.D;
  const { G, W, idx, off, nOff, N, out, V } = a;
  // Without padding, pad is 0.5: no int32 equals it, so every index (even -1) is checked.
  const pad = s.padded ? a.pad : 0.5;
  for (let b = start; b < end; b++) {
    const first = i32[off + b], last = b + 1 < nOff ? i32[off + b + 1] : N;
    if (first >>> 0 > last >>> 0 || last >>> 0 > N || (b === 0 && first !== 0)) return 1;
    const g = G + b * D;
    for (let j = first; j < last; j++) {
      const k = i32[idx + j];
      if (k === pad) {
        f32[out + j] = 0;
        continue;
      }
      if (k >>> 0 >= V) return 1;
      const r = W + k * D, full = D & ~3;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let d = 0; d < full; d += 4) {
        s0 = Math.fround(s0 + Math.fround(f32[g + d] * f32[r + d]));
        s1 = Math.fround(s1 + Math.fround(f32[g + d + 1] * f32[r + d + 1]));
        s2 = Math.fround(s2 + Math.fround(f32[g + d + 2] * f32[r + d + 2]));
        s3 = Math.fround(s3 + Math.fround(f32[g + d + 3] * f32[r + d + 3]));
      }
      let acc = Math.fround(Math.fround(s0 + s1) + Math.fround(s2 + s3));
      for (let d = full; d < D; d++) acc = Math.fround(acc + Math.fround(f32[g + d] * f32[r + d]));
      f32[out + j] = acc;
    }
  }
  return 0;
}

/** The per-sample-weight gradient kernel. */
export const pswGrad: Kernel<PswGradSpec, typeof SIG> = {
  name: "psw_grad",
  sig: SIG,
  unit: "bag",
  js: pswGradJs,
};
