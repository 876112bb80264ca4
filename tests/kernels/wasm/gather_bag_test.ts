/**
 * Wasm `gather_bag` (kernels/wasm/gather_bag.ts) against the JS reference,
 * bit for bit, for every spec (mode x weighted x padded x touch, every dim)
 * and for tunings that change how rows are chunked and touched.
 */

import { emitGatherBag } from "../../../kernels/wasm/gather_bag.ts";
import { TUNING } from "../../../kernels/wasm/_tuning.ts";
import { bagCases, gatherBagLaunch } from "../_cases.ts";
import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";

const CASES = bagCases(31, 2);
const FLAGS = [false, true];

for (const mode of ["sum", "mean", "max"] as const) {
  Deno.test(`Wasm gather_bag matches the JS kernel bit for bit: ${mode}, every flag combination`, () => {
    const r = rng(32);
    for (const weighted of FLAGS) {
      for (const padded of FLAGS) {
        for (const touch of FLAGS) {
          for (const c of CASES) {
            assertWasmMatchesJs(gatherBagLaunch(c, { D: c.D, mode, weighted, padded, touch }), r);
          }
        }
      }
    }
  });
}

Deno.test("Wasm gather_bag results do not depend on the tuning (accumulator chunks, rows touched ahead)", () => {
  const r = rng(33);
  const tunings = [
    { ...TUNING, chunk: 1, aheadRows: 1, aheadLines: 1 },
    { ...TUNING, chunk: 3, aheadRows: 0 },
    { ...TUNING, chunk: 2, aheadRows: 2, aheadLines: 100 },
  ];
  for (const tuning of tunings) {
    for (const mode of ["sum", "mean", "max"] as const) {
      for (const c of CASES.filter((x) => x.D >= 8)) {
        const spec = { D: c.D, mode, weighted: mode === "sum", padded: true, touch: true };
        assertWasmMatchesJs(gatherBagLaunch(c, spec), r, undefined, emitGatherBag(spec, tuning));
      }
    }
  }
});
