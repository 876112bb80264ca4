/**
 * `reduce`: a float32 tensor viewed as `[outer, r, inner]` reduced over its
 * middle axis to `[outer, inner]`, with `sum`, `mean`, `max` or `min`. The
 * sizes are args, so one kernel (per op) serves every shape.
 *
 * Units are output elements (`outer * inner`, row-major), so a launch range
 * may start or end inside an output row; each unit writes only its element.
 *
 * Summation order (the Wasm twin computes the same, with SIMD):
 * - `inner > 1`: each output element adds `x[o, 0, i]`, `x[o, 1, i]`, ...
 *   in order into `+0`, every sum rounded to float32 (SIMD runs across `i`).
 * - `inner == 1` (the last axis, contiguous rows): the order of `dot_rows`:
 *   four accumulators of four lanes starting at `+0`, vector `v` (elements
 *   `4v .. 4v+3`) adding into accumulator `v % 4`; the accumulators combine
 *   as `(a0 + a1) + (a2 + a3)` lanewise, the lanes as `(l0 + l2) + (l1 + l3)`,
 *   then the `r % 4` trailing elements are added one by one.
 *
 * `max` and `min` are IEEE-754 maximum and minimum (Wasm `f32.max`,
 * `Math.max`): a NaN wins (as in PyTorch), `+0` beats `-0`; so the result does
 * not depend on the order. `mean` is the sum divided by `r` in float32
 * (`fround(sum / fround(r))`), as PyTorch computes `sum / r`. For `r = 0` the
 * kernel writes the identity (`sum` 0, `max` -Infinity, `min` +Infinity) and
 * `mean` NaN; ops reject an empty `max`/`min` as PyTorch does.
 *
 * It dereferences no index data, so it has nothing to guard and returns 0.
 *
 * Args: as `SIG` names them (`out` is float32 `[outer, inner]`;
 * `outer` is not read: the units, `outer * inner`, bound the work).
 * Units: output elements (`outer * inner`), split "even".
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({ x: "f32*", out: "x32*", outer: "int", r: "int", inner: "int" });

/** The reductions of `reduce`. */
export type ReduceOp = "sum" | "mean" | "max" | "min";

/** Static spec of `reduce`: the reduction. */
export type ReduceSpec = { readonly op: ReduceOp };

function reduceJs(
  h: Heap,
  s: ReduceSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, fr = Math.fround, op = s.op;
  const { x, out, r, inner } = a;
  const sum = op === "sum" || op === "mean", max = op === "max";
  const init = sum ? 0 : max ? -Infinity : Infinity;
  const f = sum ? (p: number, q: number) => fr(p + q) : max ? Math.max : Math.min;
  const div = op === "mean", rf = fr(r);
  if (inner === 1) {
    const acc = new Float64Array(16), n4 = r >> 2;
    for (let o = start; o < end; o++) {
      const row = x + o * r;
      acc.fill(init);
      for (let v = 0; v < n4; v++) {
        const k = (v & 3) * 4, at = row + 4 * v;
        for (let l = 0; l < 4; l++) acc[k + l] = f(acc[k + l], f32[at + l]);
      }
      const lane = [0, 0, 0, 0];
      for (let l = 0; l < 4; l++) lane[l] = f(f(acc[l], acc[4 + l]), f(acc[8 + l], acc[12 + l]));
      let y = f(f(lane[0], lane[2]), f(lane[1], lane[3]));
      for (let j = n4 * 4; j < r; j++) y = f(y, f32[row + j]);
      f32[out + o] = div ? fr(y / rf) : y;
    }
    return 0;
  }
  // Row by row into the output (exact: every partial result is a float32).
  for (let u = start; u < end;) {
    const o = Math.floor(u / inner), c0 = u - o * inner, c1 = Math.min(inner, end - o * inner);
    const dst = out + o * inner, src = x + o * r * inner;
    for (let c = c0; c < c1; c++) f32[dst + c] = init;
    for (let j = 0; j < r; j++) {
      const row = src + j * inner;
      for (let c = c0; c < c1; c++) f32[dst + c] = f(f32[dst + c], f32[row + c]);
    }
    if (div) { for (let c = c0; c < c1; c++) f32[dst + c] = fr(f32[dst + c] / rf); }
    u = o * inner + c1;
  }
  return 0;
}

/** The axis-reduction kernel (`sum`, `mean`, `max`, `min`). */
export const reduce: Kernel<ReduceSpec, typeof SIG> = {
  name: "reduce",
  sig: SIG,
  unit: "output element",
  js: reduceJs,
};
