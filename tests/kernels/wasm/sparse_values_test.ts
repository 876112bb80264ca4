/**
 * Wasm `sparse_values` (kernels/wasm/sparse_values.ts) against the JS
 * reference, bit for bit, for every spec (source x freq x padded x
 * coalesced, every dim), in one launch and split over positions or rows.
 */

import { gradCases, sparseValuesLaunch } from "../_grad_cases.ts";
import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";

const CASES = gradCases(151, 2);

for (const source of ["rows", "scaled", "max"] as const) {
  Deno.test(`Wasm sparse_values matches the JS kernel bit for bit: ${source}, every flag combination`, () => {
    const r = rng(152);
    for (const freq of [false, true]) {
      for (const padded of [false, true]) {
        for (const coalesced of [false, true]) {
          for (const c of CASES) {
            assertWasmMatchesJs(
              sparseValuesLaunch(c, { D: c.D, source, freq, padded, coalesced }),
              r,
            );
          }
        }
      }
    }
  });
}
