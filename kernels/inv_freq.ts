/**
 * `inv_freq`: `invFreq[j] = 1 / freq(idx[j])`, rounded to float32, where
 * `freq(k)` counts the occurrences of row `k` in the whole of `idx` (the
 * `scaleGradByFreq` factor). `counts` is a zeroed int32 per table row, zeroed
 * again before returning.
 *
 * Args: `[idx, N, counts, invFreq, V]` (`counts` has `V` int32s). Units: one task.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";

function invFreqJs(h: Heap, _s: Record<string, never>, a: ArrayLike<number>): number {
  const f32 = h.f32, i32 = h.i32;
  const idx = a[0] >>> 2, N = a[1], counts = a[2] >>> 2, out = a[3] >>> 2, V = a[4];
  for (let j = 0; j < N; j++) if (i32[idx + j] >>> 0 >= V) return 1;
  for (let j = 0; j < N; j++) i32[counts + i32[idx + j]]++;
  for (let j = 0; j < N; j++) f32[out + j] = 1 / i32[counts + i32[idx + j]];
  for (let j = 0; j < N; j++) i32[counts + i32[idx + j]] = 0;
  return 0;
}

/** The frequency-scaling preparation kernel. */
export const invFreq: Kernel<Record<string, never>> = {
  name: "inv_freq",
  args: ["idx", "N", "counts", "invFreq", "V"],
  unit: "task",
  js: invFreqJs,
};
