/**
 * `bag_argmax`: for each max bag and dimension, the position `j` of the
 * winning entry (first entry on ties, the same rule as `gather_bag`), or -1
 * for an empty or all-padding bag. The max gradient routes `G[b][d]` to that
 * position only, so a row repeated in a bag receives it once.
 *
 * Args: as `SIG` names them; `argmax` is int32 `[B, D]`.
 * Units: bags.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({
  W: "f32*",
  idx: "i32*",
  off: "i32*",
  nOff: "int",
  N: "int",
  argmax: "i32*",
  pad: "int",
  V: "int",
});

/** Static spec of `bag_argmax`. */
export type BagArgmaxSpec = {
  readonly D: number;
  readonly padded: boolean;
  readonly touch?: boolean;
};

function bagArgmaxJs(
  h: Heap,
  s: BagArgmaxSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32, D = s.D;
  const { W, idx, off, nOff, N, argmax: am, V } = a;
  // Without padding, pad is 0.5: no int32 equals it, so every index (even -1) is checked.
  const pad = s.padded ? a.pad : 0.5;
  for (let b = start; b < end; b++) {
    const first = i32[off + b], last = b + 1 < nOff ? i32[off + b + 1] : N;
    if (first >>> 0 > last >>> 0 || last >>> 0 > N || (b === 0 && first !== 0)) return 1;
    const o = am + b * D;
    for (let d = 0; d < D; d++) i32[o + d] = -1;
    for (let j = first; j < last; j++) {
      const k = i32[idx + j];
      if (k === pad) continue;
      if (k >>> 0 >= V) return 1;
      const r = W + k * D;
      for (let d = 0; d < D; d++) {
        const win = i32[o + d];
        if (win < 0 || f32[r + d] > f32[W + i32[idx + win] * D + d]) i32[o + d] = j;
      }
    }
  }
  return 0;
}

/** The max-bag arg-max kernel. */
export const bagArgmax: Kernel<BagArgmaxSpec, typeof SIG> = {
  name: "bag_argmax",
  sig: SIG,
  unit: "bag",
  js: bagArgmaxJs,
};
