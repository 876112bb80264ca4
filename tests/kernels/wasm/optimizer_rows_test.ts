/** Wasm `sgd_rows` and `adam_rows` against the JS reference, bit for bit, sparse and dense, whole and split. */

import { adamLaunch, adamScalars, rowsCases, sgdLaunch } from "../_optimizer_cases.ts";
import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";

Deno.test("Wasm sgd_rows matches the JS kernel bit for bit", () => {
  const r = rng(51);
  for (const c of rowsCases(50)) assertWasmMatchesJs(sgdLaunch(c, 0.01), r);
});

Deno.test("Wasm adam_rows matches the JS kernel bit for bit (sqrt and div are correctly rounded)", () => {
  const r = rng(61);
  for (const c of rowsCases(60)) {
    const M = Float32Array.from({ length: c.V * c.D }, () => r() - 0.5);
    const V2 = Float32Array.from({ length: c.V * c.D }, () => r());
    for (const step of [1, 7]) {
      assertWasmMatchesJs(adamLaunch(c, M, V2, adamScalars(0.001, 0.9, 0.999, 1e-8, step)), r);
    }
  }
});
