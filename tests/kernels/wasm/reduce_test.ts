/**
 * Wasm `reduce` (kernels/wasm/reduce.ts) against the JS reference, bit for
 * bit, in one launch and split at any output element, over random shapes
 * (empty dimensions, `r = 1`, `inner = 1`, sizes around the SIMD widths)
 * and values with ties, ±0, NaN and ±Infinity.
 */

import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";
import { reduceCases, reduceLaunch } from "../_reduce_cases.ts";

Deno.test("Wasm reduce matches the JS kernel bit for bit for every op and shape", () => {
  const r = rng(31);
  for (const op of ["sum", "mean", "max", "min"]) {
    for (const c of reduceCases(40, r)) assertWasmMatchesJs(reduceLaunch(c, op), r);
  }
});
