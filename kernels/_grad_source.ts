/**
 * How gradient kernels read the gradient of one position `j`, shared by
 * `scatter_rows` (dense) and `sparse_values` (row-sparse):
 *
 * - source 0, rows: `G[j]` (a lookup's upstream gradient, `[N, D]`);
 * - source 1, scaled: `G[bagOf[j]] * scale[j]` (sum and mean bags);
 * - source 2, max: `G[b][d]` for the dimensions `d` that position `j` won.
 *
 * With `freq`, rows and scaled terms are also multiplied by `invFreq[j]`
 * (max bags do not support frequency scaling; the ops reject it). The row is added
 * into `out[o .. o + D)`, with float32 rounding after every operation; an
 * optimizer's update first multiplies each term by `alpha` (`-lr`).
 *
 * Workers rebuild this helper from its source text next to the kernels that
 * list it, so it must stay self-contained.
 */

import type { Heap } from "./kernel.ts";

/**
 * The parameters every gradient kernel starts with (`scatter_rows`,
 * `sparse_values`): the gradient rows or bag gradients, the indices and
 * their count, the output, the padding row, and the per-position sources.
 */
export const GRAD_PARAMS = {
  G: "f32*",
  idx: "i32*",
  N: "int",
  out: "f32*",
  pad: "int",
  bagOf: "i32*",
  scale: "f32*",
  argmax: "i32*",
  invFreq: "f32*",
} as const;

/** Source codes of gradient rows. */
export const SOURCE_ROWS = 0, SOURCE_SCALED = 1, SOURCE_MAX = 2;

/** Names of the sources, for specs. */
export type GradSource = "rows" | "scaled" | "max";

/**
 * Adds the gradient of position `j` (times `alpha`, when not 1) to the
 * float32 row at element offset `o`. `p` holds element offsets:
 * `[G, bagOf, scale, argmax, invFreq]`.
 */
export function addGradRow(
  h: Heap,
  source: number,
  freq: boolean,
  D: number,
  p: Int32Array,
  j: number,
  o: number,
  alpha = 1,
): void {
  const f32 = h.f32, i32 = h.i32;
  const f = freq ? f32[p[4] + j] : 1;
  const b = source === 0 ? j : i32[p[1] + j]; // the row of G: the position's, or its bag's
  const g = p[0] + b * D, am = p[3] + b * D, s = source === 1 ? f32[p[2] + j] : 1;
  for (let d = 0; d < D; d++) {
    let t: number;
    if (source === 2) {
      // A dimension this position did not win adds nothing (alpha times 0 in an update).
      if (i32[am + d] !== j) {
        if (alpha !== 1) f32[o + d] += Math.fround(alpha * 0);
        continue;
      }
      t = f32[g + d];
    } else {
      t = source === 1 ? Math.fround(f32[g + d] * s) : f32[g + d];
      if (freq) t = Math.fround(t * f);
    }
    f32[o + d] += alpha === 1 ? t : Math.fround(alpha * t);
  }
}

/** The element offsets `[G, bagOf, scale, argmax, invFreq]` (decoded args) as one array for `addGradRow`. */
export function gradPointers(
  g: number,
  bagOf: number,
  scale: number,
  argmax: number,
  invFreq: number,
): Int32Array {
  const p = new Int32Array(5);
  p[0] = g;
  p[1] = bagOf;
  p[2] = scale;
  p[3] = argmax;
  p[4] = invFreq;
  return p;
}
