/**
 * Wasm `row_norms` (kernels/wasm/row_norms.ts) against the JS reference,
 * bit for bit: widths with and without a remainder of four, row counts
 * with and without a remainder of eight, split launches.
 */

import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";
import { rowNormsLaunch } from "../_row_norms_cases.ts";

Deno.test("Wasm row_norms matches the JS kernel bit for bit", () => {
  const r = rng(11);
  for (const D of [1, 2, 3, 4, 5, 8, 37, 64, 300]) {
    for (const V of [1, 7, 8, 9, 30]) assertWasmMatchesJs(rowNormsLaunch(V, D, D * 31 + V), r);
  }
});
