/**
 * Wasm `bag_positions` (kernels/wasm/bag_positions.ts) against the JS
 * reference, bit for bit, for every spec (mean x weighted x padded).
 */

import { bagCases, bagPositionsLaunch } from "../_cases.ts";
import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";

Deno.test("Wasm bag_positions matches the JS kernel bit for bit, every flag combination", () => {
  const r = rng(51);
  const cases = bagCases(52, 2).filter((c) => c.D === 1 || c.D === 5);
  for (const mean of [false, true]) {
    for (const weighted of [false, true]) {
      for (const padded of [false, true]) {
        for (const c of cases) {
          assertWasmMatchesJs(bagPositionsLaunch(c, { mean, weighted, padded }), r);
        }
      }
    }
  }
});
