/**
 * `gather_bag`: the fused bag forward. For each bag, reads the rows
 * `W[idx[j]]` of its positions and reduces them (sum, weighted sum, mean or
 * max) straight into the output row, never materialising the `[N, D]` rows.
 *
 * Bag `b` holds positions `off[b] .. end(b)` where `end(b)` is `off[b+1]` if
 * `b + 1 < nOff`, else `N`. Padding positions (`idx[j] == pad`) are skipped
 * and not counted; an empty or all-padding bag gives zeros. Max keeps the
 * first entry on ties, so a NaN survives only as a bag's first entry.
 *
 * Args: as `SIG` names them. Units: bags.
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
  psw: "f32*",
  out: "f32*",
  pad: "int",
  V: "int",
});

/** Static spec of `gather_bag`. */
export type GatherBagSpec = {
  readonly D: number;
  readonly mode: "sum" | "mean" | "max";
  /** Per-sample weights multiply each row (sum only). */
  readonly weighted: boolean;
  /** Whether positions equal to `pad` are skipped. */
  readonly padded: boolean;
  /** Hint for the Wasm kernel: the table is larger than the caches (touch rows ahead). */
  readonly touch?: boolean;
};

function gatherBagJs(
  h: Heap,
  s: GatherBagSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32, D = s.D;
  const { W, idx, off, nOff, N, psw, out, V } = a;
  // Without padding, pad is 0.5: no int32 equals it, so every index (even -1) is checked.
  const pad = s.padded ? a.pad : 0.5;
  const max = s.mode === "max", mean = s.mode === "mean", weighted = s.weighted;
  for (let b = start; b < end; b++) {
    const first = i32[off + b], last = b + 1 < nOff ? i32[off + b + 1] : N;
    if (first >>> 0 > last >>> 0 || last >>> 0 > N || (b === 0 && first !== 0)) return 1;
    const o = out + b * D;
    let count = 0;
    if (!max) { for (let d = 0; d < D; d++) f32[o + d] = 0; }
    for (let j = first; j < last; j++) {
      const k = i32[idx + j];
      if (k === pad) continue;
      if (k >>> 0 >= V) return 1;
      const r = W + k * D;
      if (max) {
        if (count === 0) { for (let d = 0; d < D; d++) f32[o + d] = f32[r + d]; }
        else {
          for (let d = 0; d < D; d++) {
            const v = f32[r + d];
            if (v > f32[o + d]) f32[o + d] = v;
          }
        }
      } else if (weighted) {
        const w = f32[psw + j];
        for (let d = 0; d < D; d++) f32[o + d] += Math.fround(w * f32[r + d]);
      } else {
        for (let d = 0; d < D; d++) f32[o + d] += f32[r + d];
      }
      count++;
    }
    if (max && count === 0) { for (let d = 0; d < D; d++) f32[o + d] = 0; }
    if (mean && count > 0) { for (let d = 0; d < D; d++) f32[o + d] /= count; }
  }
  return 0;
}

/** The fused gather + bag reduction kernel. */
export const gatherBag: Kernel<GatherBagSpec, typeof SIG> = {
  name: "gather_bag",
  sig: SIG,
  unit: "bag",
  js: gatherBagJs,
};
