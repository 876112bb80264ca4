/**
 * Wasm `reduce_arg` (kernels/wasm/reduce_arg.ts) against the JS reference,
 * bit for bit, in one launch and split, over random shapes (the lane path of
 * long contiguous rows included) and values with ties, ±0, NaN and ±Infinity.
 */

import { assertWasmMatchesJs, f32Values, rng } from "../_kernel_harness.ts";
import { reduceArgLaunch, reduceCases } from "../_reduce_cases.ts";

Deno.test("Wasm reduce_arg matches the JS kernel bit for bit for argmax and argmin", () => {
  const r = rng(37);
  for (const op of ["max", "min"]) {
    for (const c of reduceCases(40, r)) assertWasmMatchesJs(reduceArgLaunch(c, op), r);
  }
});

Deno.test("Wasm reduce_arg breaks ties across lanes by the lowest index", () => {
  const r = rng(38);
  for (const op of ["max", "min"]) {
    for (const rr of [8, 9, 12, 13, 31, 64]) {
      // Few distinct values (and NaNs in some rows) make ties between lanes common.
      const x = f32Values(6 * rr, r).map((v) => (Number.isNaN(v) ? v : Math.round(v) % 2));
      assertWasmMatchesJs(reduceArgLaunch({ outer: 6, r: rr, inner: 1, x }, op), r);
    }
  }
});
