/**
 * Wasm `sparse_indices` (kernels/wasm/sparse_indices.ts) against the JS
 * reference, bit for bit, for every spec (padded x coalesced).
 */

import { bagCases } from "../_cases.ts";
import { sparseIndicesLaunch } from "../_grad_cases.ts";
import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";

Deno.test("Wasm sparse_indices matches the JS kernel bit for bit, every flag combination", () => {
  const r = rng(101);
  for (const padded of [false, true]) {
    for (const coalesced of [false, true]) {
      for (const c of bagCases(102, 3).filter((x) => x.D === 2)) {
        assertWasmMatchesJs(sparseIndicesLaunch(c, { padded, coalesced }), r);
      }
    }
  }
});
