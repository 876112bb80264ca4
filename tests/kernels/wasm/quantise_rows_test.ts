/**
 * Wasm `quantise_rows` (kernels/wasm/quantise_rows.ts) against the JS
 * reference, bit for bit, over ordinary and extreme rows.
 */

import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";
import { quantiseLaunch } from "../_quantise_cases.ts";

Deno.test("Wasm quantise_rows matches the JS kernel bit for bit", () => {
  const r = rng(7);
  for (const D of [1, 4, 16, 37, 64, 300]) assertWasmMatchesJs(quantiseLaunch(40, D, D + 1), r);
});
