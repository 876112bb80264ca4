/**
 * `sparse_adam_rows` (kernels/sparse_adam_rows.ts): the coalesced gradient
 * (each distinct row's terms summed from zero in input order, padding
 * skipped) and torch.optim.SparseAdam's update in PyTorch's order, checked
 * against a naive float32 implementation of PyTorch's steps (coalesce, then
 * its sparse_mask, sub, mul_, add_, sqrt_, div_ one array at a time) over
 * three steps, for every gradient source; against float64 within float32
 * tolerance; over split ranges; and rebuilt from source.
 */

import assert from "node:assert/strict";
import { sparseAdamLaunch, sparseAdamScalars, type SparseAdamSpec } from "./_optimizer_cases.ts";
import { type GradCase, gradCases, gradSpecs, gradTerm } from "./_grad_cases.ts";
import { assertBitwise, assertSameRuns, buf, rng, run, splits } from "./_kernel_harness.ts";
import { assertAllClose } from "../_helpers.ts";

const CASES = gradCases(71, 2);
const fr = Math.fround;
/** The args a launch updates: the table and both moments. */
const OUT = [10, 11, 12];

/** The coalesced gradient: distinct non-padding rows ascending, each row's terms summed in input order. */
function coalesce(c: GradCase, s: SparseAdamSpec, r: (x: number) => number) {
  const live = Array.from(c.idx.keys()).filter((j) => !s.padded || c.idx[j] !== c.pad);
  const rows = [...new Set(live.map((j) => c.idx[j]))].sort((a, b) => a - b);
  const sums = rows.map((k) =>
    Array.from(
      { length: c.D },
      (_, d) =>
        live.filter((j) => c.idx[j] === k).reduce(
          (acc, j) => r(acc + (gradTerm(c, s, j, d) ?? 0)),
          0,
        ),
    )
  );
  return { rows, sums };
}

/** PyTorch's SparseAdam steps in float32 (or float64), array by array as its Python code runs them. */
function naive(c: GradCase, s: SparseAdamSpec, steps: number, maximize: boolean, f64 = false) {
  const r = f64 ? (x: number) => x : fr;
  const W = Float64Array.from(c.W), M = new Float64Array(c.V * c.D), V2 = new Float64Array(M);
  const { rows, sums } = coalesce(c, s, r), D = c.D;
  const at = (i: number) => rows[Math.floor(i / D)] * D + i % D;
  const g = sums.flat().map((x) => (maximize ? -x : x));
  for (let step = 1; step <= steps; step++) {
    const b1 = 0.9, b2 = 0.999, lr = 0.01, eps = r(1e-8);
    const oldM = g.map((_, i) => M[at(i)]);
    const mUpd = g.map((x, i) => r(r(x - oldM[i]) * r(1 - b1)));
    mUpd.forEach((x, i) => M[at(i)] = r(M[at(i)] + x));
    const oldV = g.map((_, i) => V2[at(i)]);
    const vUpd = g.map((x, i) => r(r(r(x * x) - oldV[i]) * r(1 - b2)));
    vUpd.forEach((x, i) => V2[at(i)] = r(V2[at(i)] + x));
    const numer = mUpd.map((x, i) => r(x + oldM[i]));
    const denom = vUpd.map((x, i) => r(r(Math.sqrt(r(x + oldV[i]))) + eps));
    const stepSize = lr * Math.sqrt(1 - b2 ** step) / (1 - b1 ** step);
    numer.forEach((x, i) => W[at(i)] = r(W[at(i)] + r(r(-stepSize) * r(x / denom[i]))));
  }
  return { W, M, V2, rows };
}

/** Three steps through the kernel (the table and moments carry over). */
function kernel(c: GradCase, s: SparseAdamSpec, backend: "js" | "rebuilt", maximize: boolean) {
  let W = c.W, M = new Float32Array(c.V * c.D), V2 = new Float32Array(c.V * c.D);
  for (let step = 1; step <= 3; step++) {
    const scalars = sparseAdamScalars(0.01, 0.9, 0.999, 1e-8, step, maximize);
    const out = run(sparseAdamLaunch(c, s, { W, M, V2 }, scalars), backend);
    [W, M, V2] = [buf(out, 10), buf(out, 11), buf(out, 12)];
  }
  return { W, M, V2 };
}

Deno.test("sparse_adam_rows kernel coalesces and follows torch.optim.SparseAdam's order exactly over three steps", () => {
  for (const c of CASES) {
    for (const s of gradSpecs(c.D)) {
      const maximize = s.padded;
      const got = kernel(c, s, "js", maximize), want = naive(c, s, 3, maximize);
      const msg = `${c.name} ${JSON.stringify(s)}`;
      assertBitwise(got.M, Float32Array.from(want.M), `${msg} m`);
      assertBitwise(got.V2, Float32Array.from(want.V2), `${msg} v`);
      assertBitwise(got.W, Float32Array.from(want.W), `${msg} w`);
      // Rows absent from the gradient are untouched (the lazy update).
      for (let row = 0; row < c.V; row++) {
        if (want.rows.includes(row)) continue;
        const span = [row * c.D, (row + 1) * c.D] as const;
        assertBitwise(got.W.slice(...span), c.W.slice(...span), `${msg} row ${row}`);
        assert.ok(got.M.slice(...span).every((x) => x === 0), `${msg} m row ${row}`);
      }
    }
  }
});

Deno.test("sparse_adam_rows kernel is Adam: float64 arithmetic agrees to float32 accuracy", () => {
  // Finite gradients only: the special values' NaN and infinities compare equal above.
  const finite = (x: Float32Array) => x.map((v) => (isFinite(v) ? v : 0.5));
  for (const c of gradCases(73, 1).map((x) => ({ ...x, Grows: finite(x.Grows) }))) {
    const s = { D: c.D, source: "rows" as const, freq: false, padded: false };
    const got = kernel(c, s, "js", false), want = naive(c, s, 3, false, true);
    assertAllClose(got.W, want.W, { rtol: 1e-5, atol: 1e-6, msg: c.name });
  }
});

Deno.test("sparse_adam_rows kernel gives the same result split across launches, and rebuilt from source", () => {
  const r = rng(72);
  for (const c of CASES) {
    for (const s of gradSpecs(c.D)) {
      const tables = {
        W: c.W,
        M: new Float32Array(c.V * c.D).fill(0.25),
        V2: new Float32Array(c.V * c.D).fill(0.5),
      };
      const l = sparseAdamLaunch(c, s, tables, sparseAdamScalars(0.01, 0.9, 0.999, 1e-8, 2));
      // The scratch rows (arg 3) hold whatever each launch summed last: not part of the result.
      const whole = run(l, "js");
      for (const ranges of splits(l.units, r)) {
        assertSameRuns(run(l, "js", ranges), whole, `${c.name} ${JSON.stringify(ranges)}`, OUT);
      }
      const a = kernel(c, s, "rebuilt", true), b = kernel(c, s, "js", true);
      assertBitwise(a.W, b.W, `${c.name} rebuilt`);
    }
  }
});
