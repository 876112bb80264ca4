/**
 * `emitAddGrad` (kernels/wasm/_grad_source.ts), directly: a module adding
 * the gradient term of position j into row j, for every source, freq and
 * dim, against the JS `addGradRow`, bit for bit, into rows that already hold
 * values. (The Wasm kernels that use it are tested in their own files.)
 */

import { addGradRow, gradPointers } from "../../../kernels/_grad_source.ts";
import { emitKernel, forRange, rowShape, type WasmKernel } from "../../../kernels/wasm/_emit.ts";
import { emitAddGrad, gradLocals } from "../../../kernels/wasm/_grad_source.ts";
import {
  ADD_ROWS_SIG,
  addRowsLaunch,
  gradCases,
  type GradSpec,
  viaAddGradRow,
} from "../_grad_cases.ts";
import { assertBitwise, buf, f32Values, rng, run } from "../_kernel_harness.ts";

/** `run(G, bagOf, scale, argmax, invFreq, out, start, end)`: row j of out += grad(j). */
function emitAddRows(s: GradSpec): WasmKernel {
  return emitKernel("add rows", ADD_ROWS_SIG, s, ({ f, p }) => {
    const j = f.local("i32", "j"), o = f.local("i32", "o");
    const l = gradLocals(f, j, o);
    forRange(f, j, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      f.localGet(p.out).localGet(j).i32Const(s.D * 4).i32Mul().i32Add().localSet(o);
      emitAddGrad(f, p, l, rowShape(s.D, 1 << 30), s.D, s.source, s.freq);
    });
  });
}

Deno.test("emitAddGrad adds the same terms as addGradRow, bit for bit, for every source, freq and dim", () => {
  const r = rng(131), js = viaAddGradRow(addGradRow, gradPointers);
  for (const c of gradCases(132, 2)) {
    for (const source of ["rows", "scaled", "max"] as const) {
      for (const freq of [false, true]) {
        const s = { D: c.D, source, freq, padded: false };
        // Rows start without -0: for max, the vector path adds a masked +0 to the lanes j did not
        // win, so a -0 there becomes +0 (JS leaves it). Kernels zero rows first and sums from +0
        // never give -0, so scatter_rows and sparse_values still agree bit for bit.
        const l = addRowsLaunch(
          c,
          s,
          f32Values(c.N * c.D, r).map((x) => (Object.is(x, -0) ? 0 : x)),
        );
        assertBitwise(
          buf(run(l, emitAddRows(s)), 5),
          buf(run(l, js), 5),
          `${JSON.stringify(s)} ${c.name}`,
        );
      }
    }
  }
});
