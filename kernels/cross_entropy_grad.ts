/**
 * `cross_entropy_grad`: the gradient of `cross_entropy` with respect to its
 * logits, one pass per row: with `p[c] = exp(x[c] - m) / s` (`m`, `s` as
 * the forward computes them), `dx[c] = A·(p[c] - [c = t]) +
 * B·(Σw·p[c] - w[c])` where `A = g·((1 - ε)·w[t])`, `B = g·(ε / C)` (the
 * second term only with label smoothing), `Σw` the sum of the class weights
 * (or `C`) and `g` the row's incoming gradient (`g[i * gStride]`: `gStride`
 * 1 for `"none"`, 0 for a scalar), divided by the rows' summed weight for
 * `"mean"` (every launch sums all `N` targets, in order, so each share gets
 * the same divisor). An ignored row is all zeros; any other target outside
 * `[0, C)` returns `FAULT` before `dx` is written. Every operation is
 * rounded to float32; the Wasm kernel gives the same bits.
 *
 * Spec: `{ weighted, smooth, mean }`. Args: as `SIG` names them.
 * Units: rows (`N`), split "even".
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { ewExp } from "./_math.ts";
import { CE_ARGS, ceRowExpSum, ceRowMax, ceWeightSum } from "./_ce_rows.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({
  dx: "f32*",
  g: "f32*",
  ...CE_ARGS,
  gStride: "int",
});

/** Static spec of `cross_entropy_grad`. */
export type CrossEntropyGradSpec = {
  readonly weighted: boolean;
  readonly smooth: boolean;
  readonly mean: boolean;
};

function crossEntropyGradJs(
  h: Heap,
  s: CrossEntropyGradSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32, f = Math.fround, C = a.C;
  const keepCoef = f(1 - a.eps), smoothCoef = f(a.eps / C);
  const W = s.mean ? ceWeightSum(f32, i32, a, a.ignoreIndex, s.weighted) : 1;
  if (W === -1) return 1; // FAULT
  let wSum = f(C);
  if (s.weighted) {
    wSum = 0;
    for (let c = 0; c < C; c++) wSum = f(wSum + f32[a.w + c]);
  }
  for (let i = start; i < end; i++) {
    const x = a.x + i * C, dx = a.dx + i * C, k = i32[a.t + i];
    if (k === a.ignoreIndex) {
      f32.fill(0, dx, dx + C);
      continue;
    }
    if (k >>> 0 >= C) return 1; // FAULT
    const m = ceRowMax(f32, x, C), sum = ceRowExpSum(f32, x, C, m, ewExp);
    const g = s.mean ? f(f32[a.g + i * a.gStride] / W) : f32[a.g + i * a.gStride];
    const A = f(g * f(keepCoef * (s.weighted ? f32[a.w + k] : 1))), B = f(g * smoothCoef);
    for (let c = 0; c < C; c++) {
      const p = f(ewExp(f(f32[x + c] - m)) / sum);
      let r = f(A * (c === k ? f(p - 1) : p));
      if (s.smooth) r = f(r + f(B * f(f(wSum * p) - (s.weighted ? f32[a.w + c] : 1))));
      f32[dx + c] = r;
    }
  }
  return 0;
}

/** The fused cross-entropy backward kernel. */
export const crossEntropyGrad: Kernel<CrossEntropyGradSpec, typeof SIG> = {
  name: "cross_entropy_grad",
  sig: SIG,
  unit: "row",
  js: crossEntropyGradJs,
  helpers: [ewExp, ceRowMax, ceRowExpSum, ceWeightSum],
};
