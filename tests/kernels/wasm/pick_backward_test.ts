/**
 * Wasm `pick_backward` (kernels/wasm/pick_backward.ts) against the JS
 * reference, bit for bit, in one launch and split, for rows with and without
 * a vector tail (faults are checked in tests/kernels/pick_backward_test.ts).
 */

import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";
import { pickBackwardLaunch, pickCases } from "../_pick_cases.ts";

Deno.test("Wasm pick_backward matches the JS kernel bit for bit", () => {
  const r = rng(48);
  for (const c of pickCases(40, r)) assertWasmMatchesJs(pickBackwardLaunch(c), r);
});
