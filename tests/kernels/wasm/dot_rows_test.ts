/**
 * Wasm `dot_rows` (kernels/wasm/dot_rows.ts) against the JS reference, bit
 * for bit, for widths with and without a SIMD tail.
 */

import { assertWasmMatchesJs, DIMS, rng } from "../_kernel_harness.ts";
import { dotLaunch } from "../_dot_cases.ts";

Deno.test("Wasm dot_rows matches the JS kernel bit for bit", () => {
  const r = rng(7);
  for (const D of [...DIMS, 50, 100, 300]) assertWasmMatchesJs(dotLaunch(29, D, D + 1), r);
});
