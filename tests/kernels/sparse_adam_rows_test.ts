/**
 * `sparse_adam_rows` (kernels/sparse_adam_rows.ts): SparseAdam in
 * torch.optim.SparseAdam's order, checked against a naive float32
 * implementation of PyTorch's steps (its sparse_mask, sub, mul_, add_,
 * sqrt_, div_ one at a time) over three steps, against float64 within
 * float32 tolerance, over split ranges, and rebuilt from source.
 */

import assert from "node:assert/strict";
import {
  type RowsCase,
  rowsCases,
  sparseAdamLaunch,
  sparseAdamScalars,
} from "./_optimizer_cases.ts";
import { assertBitwise, assertSplitInvariant, buf, rng, run } from "./_kernel_harness.ts";
import { assertAllClose } from "../_helpers.ts";

const CASES = rowsCases(71).filter((c) => !c.dense);
const fr = Math.fround;

/** PyTorch's SparseAdam steps in float32 (or float64), array by array as its Python code runs them. */
function naive(c: RowsCase, steps: number, maximize: boolean, f64 = false) {
  const r = f64 ? (x: number) => x : fr;
  const W = Float64Array.from(c.W), M = new Float64Array(c.V * c.D), V2 = new Float64Array(M);
  const n = c.rows.length * c.D, at = (i: number) => c.rows[Math.floor(i / c.D)] * c.D + i % c.D;
  for (let step = 1; step <= steps; step++) {
    const b1 = 0.9, b2 = 0.999, lr = 0.01, eps = r(1e-8);
    const g = Array.from(c.G, (x) => (maximize ? -x : x));
    const oldM = Array.from({ length: n }, (_, i) => M[at(i)]);
    const mUpd = g.map((x, i) => r(r(x - oldM[i]) * r(1 - b1)));
    mUpd.forEach((x, i) => M[at(i)] = r(M[at(i)] + x));
    const oldV = Array.from({ length: n }, (_, i) => V2[at(i)]);
    const vUpd = g.map((x, i) => r(r(r(x * x) - oldV[i]) * r(1 - b2)));
    vUpd.forEach((x, i) => V2[at(i)] = r(V2[at(i)] + x));
    const numer = mUpd.map((x, i) => r(x + oldM[i]));
    const denom = vUpd.map((x, i) => r(r(Math.sqrt(r(x + oldV[i]))) + eps));
    const stepSize = lr * Math.sqrt(1 - b2 ** step) / (1 - b1 ** step);
    numer.forEach((x, i) => W[at(i)] = r(W[at(i)] + r(r(-stepSize) * r(x / denom[i]))));
  }
  return { W, M, V2 };
}

/** Three steps through the kernel (the table and moments carry over). */
function kernel(c: RowsCase, backend: "js" | "rebuilt", maximize: boolean) {
  let W = c.W, M = new Float32Array(c.V * c.D), V2 = new Float32Array(c.V * c.D);
  for (let step = 1; step <= 3; step++) {
    const scalars = sparseAdamScalars(0.01, 0.9, 0.999, 1e-8, step, maximize);
    const out = run(sparseAdamLaunch({ ...c, W }, M, V2, scalars), backend);
    [W, M, V2] = [buf(out, 0), buf(out, 1), buf(out, 2)];
  }
  return { W, M, V2 };
}

Deno.test("sparse_adam_rows kernel follows torch.optim.SparseAdam's order exactly over three steps", () => {
  for (const c of CASES) {
    for (const maximize of [false, true]) {
      const got = kernel(c, "js", maximize), want = naive(c, 3, maximize);
      const msg = `${c.name}${maximize ? " maximize" : ""}`;
      assertBitwise(got.M, Float32Array.from(want.M), `${msg} m`);
      assertBitwise(got.V2, Float32Array.from(want.V2), `${msg} v`);
      assertBitwise(got.W, Float32Array.from(want.W), `${msg} w`);
      // And it is Adam: float64 arithmetic agrees to float32 accuracy.
      assertAllClose(got.W, naive(c, 3, maximize, true).W, { rtol: 1e-5, atol: 1e-6, msg });
    }
  }
});

Deno.test("sparse_adam_rows kernel leaves rows absent from rows untouched (the lazy update)", () => {
  for (const c of CASES) {
    const got = kernel(c, "js", false), touched = new Set(c.rows);
    for (let row = 0; row < c.V; row++) {
      if (touched.has(row)) continue;
      const span = [row * c.D, (row + 1) * c.D] as const;
      assertBitwise(got.W.slice(...span), c.W.slice(...span), `${c.name} row ${row}`);
      assert.ok(got.M.slice(...span).every((x) => x === 0), `${c.name} m row ${row}`);
      assert.ok(got.V2.slice(...span).every((x) => x === 0), `${c.name} v row ${row}`);
    }
  }
});

Deno.test("sparse_adam_rows kernel gives the same result split across launches, and rebuilt from source", () => {
  const r = rng(72);
  for (const c of CASES) {
    const M = new Float32Array(c.V * c.D).fill(0.25), V2 = new Float32Array(c.V * c.D).fill(0.5);
    const l = sparseAdamLaunch(c, M, V2, sparseAdamScalars(0.01, 0.9, 0.999, 1e-8, 2));
    assertSplitInvariant(l, "js", r, c.name);
    const a = kernel(c, "rebuilt", true), b = kernel(c, "js", true);
    assertBitwise(a.W, b.W, `${c.name} rebuilt`);
  }
});
