/** Wasm `sgd_rows` against the JS reference, bit for bit, sparse and dense, whole and split. */

import { rowsCases, sgdLaunch } from "../_optimizer_cases.ts";
import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";

Deno.test("Wasm sgd_rows matches the JS kernel bit for bit", () => {
  const r = rng(51);
  for (const c of rowsCases(50)) assertWasmMatchesJs(sgdLaunch(c, 0.01), r);
});
