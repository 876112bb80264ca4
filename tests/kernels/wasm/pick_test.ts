/**
 * Wasm `pick` (kernels/wasm/pick.ts) against the JS reference, bit for bit,
 * in one launch and split (faults are checked in tests/kernels/pick_test.ts).
 */

import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";
import { pickCases, pickLaunch } from "../_pick_cases.ts";

Deno.test("Wasm pick matches the JS kernel bit for bit", () => {
  const r = rng(47);
  for (const c of pickCases(40, r)) assertWasmMatchesJs(pickLaunch(c), r);
});
