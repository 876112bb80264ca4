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
 * Args: as `SIG` names them. Units: rows (`N`), split "even".
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type NoSpec, pickRows } from "./_pick_rows.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({
  x: "x32*",
  t: "i32*",
  out: "x32*",
  C: "int",
  xStride: "int",
  ignoreIndex: "int",
});

function pickJs(h: Heap, _s: NoSpec, a: JsArgs<typeof SIG>, start: number, end: number): number {
  const p = { i32: h.i32, src: a.x, t: a.t, dst: a.out, C: a.C, stride: a.xStride };
  return pickRows(p, a.ignoreIndex, start, end, ({ i32, src, dst, stride }, i, k, ignored) => {
    i32[dst + i] = ignored ? 0 : i32[src + i * stride + k];
  });
}

/** The pick-by-target kernel. */
export const pick: Kernel<NoSpec, typeof SIG> = {
  name: "pick",
  sig: SIG,
  unit: "row",
  js: pickJs,
  helpers: [pickRows],
};
