/**
 * Wasm `psw_grad` (kernels/wasm/psw_grad.ts) against the JS reference, bit
 * for bit, for every spec (padded x touch, every dim).
 */

import { bagCases, pswGradLaunch } from "../_cases.ts";
import { assertWasmMatchesJs, f32Values, rng } from "../_kernel_harness.ts";

Deno.test("Wasm psw_grad matches the JS kernel bit for bit, every flag combination", () => {
  const r = rng(61);
  const cases = bagCases(62, 2).map((c, i) => ({ c, G: f32Values(c.B * c.D, rng(600 + i)) }));
  for (const padded of [false, true]) {
    for (const touch of [false, true]) {
      for (const { c, G } of cases) {
        assertWasmMatchesJs(pswGradLaunch(c, G, { D: c.D, padded, touch }), r);
      }
    }
  }
});
