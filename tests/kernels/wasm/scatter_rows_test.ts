/**
 * Wasm `scatter_rows` (kernels/wasm/scatter_rows.ts) against the JS
 * reference, bit for bit, for every spec (source x freq x padded, every dim),
 * in one launch and split over table rows.
 */

import { gradCases, scatterRowsLaunch } from "../_grad_cases.ts";
import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";

const CASES = gradCases(141, 2);

for (const source of ["rows", "scaled", "max"] as const) {
  Deno.test(`Wasm scatter_rows matches the JS kernel bit for bit: ${source}, every flag combination`, () => {
    const r = rng(142);
    for (const freq of [false, true]) {
      for (const padded of [false, true]) {
        for (const c of CASES) {
          assertWasmMatchesJs(scatterRowsLaunch(c, { D: c.D, source, freq, padded }), r);
        }
      }
    }
  });
}
