/**
 * `reduce_arg`: argmax or argmin over the middle axis of a float32 tensor
 * viewed as `[outer, r, inner]`, as PyTorch's `argmax`/`argmin`: the first
 * index of the maximal (minimal) value, a NaN counting as the maximum (and
 * as the minimum), so the first NaN wins if there is one; `-0` and `+0` tie
 * (the first wins). The result is an int32 `[outer, inner]`; `r = 0` writes
 * -1 (ops reject it, as PyTorch does).
 *
 * The answer does not depend on the order values are visited, so the Wasm
 * twin (lanes, then a tie-breaking combine) agrees with this plain scan.
 *
 * It dereferences no index data, so it has nothing to guard and returns 0.
 *
 * Args: as `SIG` names them (`out` is int32 `[outer, inner]`;
 * `outer` is not read: the units, `outer * inner`, bound the work).
 * Units: output elements (`outer * inner`), split "even".
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({ x: "f32*", out: "i32*", outer: "int", r: "int", inner: "int" });

/** Static spec of `reduce_arg`: `"max"` (argmax) or `"min"` (argmin). */
export type ReduceArgSpec = { readonly op: "max" | "min" };

function reduceArgJs(
  h: Heap,
  s: ReduceArgSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32, max = s.op === "max";
  const { x, out, r, inner } = a;
  // Row by row: the winner so far is read back through its index.
  for (let u = start; u < end;) {
    const o = Math.floor(u / inner), c0 = u - o * inner, c1 = Math.min(inner, end - o * inner);
    const dst = out + o * inner, src = x + o * r * inner;
    for (let c = c0; c < c1; c++) i32[dst + c] = r > 0 ? 0 : -1;
    for (let j = 1; j < r; j++) {
      const row = src + j * inner;
      for (let c = c0; c < c1; c++) {
        const v = f32[row + c], best = f32[src + i32[dst + c] * inner + c];
        if ((max ? v > best : v < best) || (v !== v && best === best)) i32[dst + c] = j;
      }
    }
    u = o * inner + c1;
  }
  return 0;
}

/** The argmax / argmin kernel. */
export const reduceArg: Kernel<ReduceArgSpec, typeof SIG> = {
  name: "reduce_arg",
  sig: SIG,
  unit: "output element",
  js: reduceArgJs,
};
