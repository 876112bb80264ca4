/**
 * `pick`: one element per row by an int32 index, `out[i] = x[i, t[i]]`: the
 * gather of log-probabilities at the targets in `nllLoss` / `crossEntropy`.
 * A row whose target equals `ignoreIndex` gives 0 (PyTorch's `ignore_index`,
 * checked before the range, so it may be any int32); any other target outside
 * `[0, C)` returns `FAULT` before it is dereferenced. Row `i` starts at
 * element `i * xStride` of `x`: `C` for a `[N, C]` matrix, 0 to pick from one
 * shared row (class weights by target: `weight[t[i]]`, 0 on ignored rows).
 * Values are copied as bits (float32 or int32).
 *
 * Args: `[x, t, out, C, xStride, ignoreIndex]`. Units: rows (`N`), split "even".
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";

function pickJs(
  h: Heap,
  _s: Record<string, never>,
  a: ArrayLike<number>,
  start: number,
  end: number,
): number {
  const i32 = h.i32;
  const x = a[0] >>> 2, t = a[1] >>> 2, out = a[2] >>> 2, C = a[3], xStride = a[4];
  const ignore = a[5];
  for (let i = start; i < end; i++) {
    const k = i32[t + i];
    if (k === ignore) {
      i32[out + i] = 0;
      continue;
    }
    if (k >>> 0 >= C) return 1;
    i32[out + i] = i32[x + i * xStride + k];
  }
  return 0;
}

/** The pick-by-target kernel. */
export const pick: Kernel<Record<string, never>> = {
  name: "pick",
  args: ["x", "t", "out", "C", "xStride", "ignoreIndex"],
  unit: "row",
  js: pickJs,
};
