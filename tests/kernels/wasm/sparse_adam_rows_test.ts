/**
 * Wasm `sparse_adam_rows` against the JS reference, bit for bit: every dim
 * and gradient source, whole and split, with and without touching rows
 * ahead, any tuning.
 */

import { sparseAdamLaunch, sparseAdamScalars } from "../_optimizer_cases.ts";
import { gradCases, gradSpecs } from "../_grad_cases.ts";
import { assertWasmMatchesJs, f32Values, rng } from "../_kernel_harness.ts";
import { emitSparseAdamRows } from "../../../kernels/wasm/sparse_adam_rows.ts";
import { TUNING } from "../../../kernels/wasm/_tuning.ts";

/** The args a launch updates (the scratch rows, arg 3, depend on the split). */
const OUT = [10, 11, 12];

/** A table and moments with random values (the moment of squares non-negative). */
function tables(V: number, D: number, r: () => number) {
  const W = f32Values(V * D, r, { special: false });
  const M = Float32Array.from({ length: V * D }, () => r() - 0.5);
  return { W, M, V2: Float32Array.from({ length: V * D }, () => r()) };
}

Deno.test("Wasm sparse_adam_rows matches the JS kernel bit for bit (sqrt and div are correctly rounded)", () => {
  const r = rng(81);
  for (const c of gradCases(80, 2)) {
    for (const s of gradSpecs(c.D)) {
      for (const [step, maximize, touch] of [[1, false, false], [7, true, true]] as const) {
        const scalars = sparseAdamScalars(0.001, 0.9, 0.999, 1e-8, step, maximize);
        assertWasmMatchesJs(
          sparseAdamLaunch(c, { ...s, touch }, tables(c.V, c.D, r), scalars),
          r,
          OUT,
        );
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
    for (const c of gradCases(83, 1)) {
      const s = { D: c.D, source: "scaled" as const, freq: true, padded: true, touch: true };
      const scalars = sparseAdamScalars(0.01, 0.9, 0.99, 1e-6, 3);
      const l = sparseAdamLaunch(c, s, tables(c.V, c.D, r), scalars);
      const spec = { D: c.D, source: s.source, freq: s.freq, touch: true };
      assertWasmMatchesJs(l, r, OUT, emitSparseAdamRows(spec, tuning));
    }
  }
});
