/**
 * Wasm `inv_freq` (kernels/wasm/inv_freq.ts) against the JS reference, bit
 * for bit (its spec is empty).
 */

import { bagCases } from "../_cases.ts";
import { invFreqLaunch } from "../_grad_cases.ts";
import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";

Deno.test("Wasm inv_freq matches the JS kernel bit for bit", () => {
  const r = rng(81);
  const many = Int32Array.from({ length: 3000 }, (_, j) => (j * 7919) % 97);
  for (const c of bagCases(83, 3).filter((x) => x.D === 3)) {
    assertWasmMatchesJs(invFreqLaunch(c.idx, c.V), r);
  }
  assertWasmMatchesJs(invFreqLaunch(many, 97), r);
});
