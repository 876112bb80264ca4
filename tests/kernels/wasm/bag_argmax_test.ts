/**
 * Wasm `bag_argmax` (kernels/wasm/bag_argmax.ts) against the JS reference,
 * bit for bit, for every spec (padded x touch, every dim).
 */

import { bagArgmaxLaunch, bagCase, bagCases } from "../_cases.ts";
import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";

Deno.test("Wasm bag_argmax matches the JS kernel bit for bit, every flag combination", () => {
  const r = rng(41);
  // D = 40 spans several v128 chunks (the emitter keeps value/position pairs per chunk).
  const cases = [...bagCases(42, 2), bagCase(43, 40), bagCase(44, 41)];
  for (const padded of [false, true]) {
    for (const touch of [false, true]) {
      for (const c of cases) assertWasmMatchesJs(bagArgmaxLaunch(c, { D: c.D, padded, touch }), r);
    }
  }
});
