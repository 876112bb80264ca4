/**
 * `bag_positions`: the per-position facts a bag gradient needs, so that the
 * gradient kernels can treat every position alike: `bagOf[j]`, the bag of
 * position `j`, and `scale[j]`, the factor of `G[bagOf[j]]` in the gradient of
 * row `idx[j]`: the per-sample weight (or 1), times `1 / count` for mean bags
 * (count = non-padding entries), and 0 at padding positions.
 *
 * Args: as `SIG` names them. Units: bags.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({
  idx: "i32*",
  off: "i32*",
  nOff: "int",
  N: "int",
  psw: "f32*",
  bagOf: "i32*",
  scale: "f32*",
  pad: "int",
});

/** Static spec of `bag_positions`. */
export type BagPositionsSpec = {
  readonly mean: boolean;
  readonly weighted: boolean;
  readonly padded: boolean;
};

function bagPositionsJs(
  h: Heap,
  s: BagPositionsSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32;
  const { idx, off, nOff, N, psw, bagOf, scale } = a;
  // Without padding, pad is 0.5: no int32 equals it, so every index (even -1) is checked.
  const pad = s.padded ? a.pad : 0.5;
  for (let b = start; b < end; b++) {
    const first = i32[off + b], last = b + 1 < nOff ? i32[off + b + 1] : N;
    if (first >>> 0 > last >>> 0 || last >>> 0 > N || (b === 0 && first !== 0)) return 1;
    let count = 0;
    if (s.mean) { for (let j = first; j < last; j++) if (i32[idx + j] !== pad) count++; }
    const inv = s.mean && count > 0 ? Math.fround(1 / count) : 1;
    for (let j = first; j < last; j++) {
      i32[bagOf + j] = b;
      if (i32[idx + j] === pad) f32[scale + j] = 0;
      else f32[scale + j] = s.weighted ? f32[psw + j] : inv;
    }
  }
  return 0;
}

/** The bag-gradient preparation kernel. */
export const bagPositions: Kernel<BagPositionsSpec, typeof SIG> = {
  name: "bag_positions",
  sig: SIG,
  unit: "bag",
  js: bagPositionsJs,
};
