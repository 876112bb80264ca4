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
import { type NoSpec, pickRows } from "./_pick_rows.ts";

function pickJs(h: Heap, _s: NoSpec, a: ArrayLike<number>, start: number, end: number): number {
  return pickRows(h, a, start, end, ({ i32, src, dst, stride }, i, k, ignored) => {
    i32[dst + i] = ignored ? 0 : i32[src + i * stride + k];
  });
}

/** The pick-by-target kernel. */
export const pick: Kernel<NoSpec> = {
  name: "pick",
  args: ["x", "t", "out", "C", "xStride", "ignoreIndex"],
  unit: "row",
  js: pickJs,
  helpers: [pickRows],
};
