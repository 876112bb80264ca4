/**
 * Wasm `sparse_adam_rows` against the JS reference, bit for bit: every dim,
 * whole and split, with and without touching rows ahead, any tuning.
 */

import { rowsCases, sparseAdamLaunch, sparseAdamScalars } from "../_optimizer_cases.ts";
import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";
import { emitSparseAdamRows } from "../../../kernels/wasm/sparse_adam_rows.ts";
import { TUNING } from "../../../kernels/wasm/_tuning.ts";

Deno.test("Wasm sparse_adam_rows matches the JS kernel bit for bit (sqrt and div are correctly rounded)", () => {
  const r = rng(81);
  for (const c of rowsCases(80).filter((x) => !x.dense)) {
    const M = Float32Array.from({ length: c.V * c.D }, () => r() - 0.5);
    const V2 = Float32Array.from({ length: c.V * c.D }, () => r());
    for (const [step, maximize] of [[1, false], [7, true]] as const) {
      const scalars = sparseAdamScalars(0.001, 0.9, 0.999, 1e-8, step, maximize);
      for (const touch of [false, true]) {
        assertWasmMatchesJs(sparseAdamLaunch(c, M, V2, scalars, touch), r);
      }
    }
  }
});

Deno.test("Wasm sparse_adam_rows results do not depend on the tuning (groups, rows and lines touched)", () => {
  const r = rng(82);
  const tunings = [
    { ...TUNING, group: 1, aheadRows: 1, aheadLines: 1 },
    { ...TUNING, group: 3, aheadRows: 0 },
    { ...TUNING, group: 0, aheadLines: 100 },
  ];
  for (const tuning of tunings) {
    for (const c of rowsCases(83).filter((x) => !x.dense)) {
      const M = Float32Array.from({ length: c.V * c.D }, () => r() - 0.5);
      const V2 = Float32Array.from({ length: c.V * c.D }, () => r());
      const l = sparseAdamLaunch(c, M, V2, sparseAdamScalars(0.01, 0.9, 0.99, 1e-6, 3), true);
      assertWasmMatchesJs(l, r, undefined, emitSparseAdamRows({ D: c.D, touch: true }, tuning));
    }
  }
});
