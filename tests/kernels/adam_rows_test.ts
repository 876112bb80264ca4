/**
 * `adam_rows` (kernels/adam_rows.ts): Adam in torch.optim.Adam's order,
 * checked against a naive float32 implementation of that order over three
 * steps, against float64 Adam within float32 tolerance, over split ranges,
 * and rebuilt from source.
 */

import { adamLaunch, adamScalars, type RowsCase, rowsCases, unitsOf } from "./_optimizer_cases.ts";
import { assertBitwise, assertSplitInvariant, buf, run } from "./_kernel_harness.ts";
import { assertAllClose } from "../_helpers.ts";

const CASES = rowsCases(41);
const fr = Math.fround;

/** Naive Adam in float32, in the documented order. */
function naive(c: RowsCase, steps: number, f64 = false) {
  const W = Float64Array.from(c.W),
    M = new Float64Array(c.V * c.D),
    V2 = new Float64Array(c.V * c.D);
  const r = f64 ? (x: number) => x : fr;
  for (let step = 1; step <= steps; step++) {
    const [b1, c1, b2, c2, sb, eps, st] = adamScalars(0.01, 0.9, 0.999, 1e-8, step).map(r);
    for (let u = 0; u < unitsOf(c); u++) {
      const row = (c.dense ? u : c.rows[u]) * c.D;
      for (let d = 0; d < c.D; d++) {
        const g = c.G[u * c.D + d], i = row + d;
        M[i] = r(r(M[i] * b1) + r(c1 * g));
        V2[i] = r(r(V2[i] * b2) + r(c2 * r(g * g)));
        W[i] = r(W[i] + r(st * r(M[i] / r(r(r(Math.sqrt(V2[i])) / sb) + eps))));
      }
    }
  }
  return { W: Float32Array.from(W), M: Float32Array.from(M), V2: Float32Array.from(V2), Wf64: W };
}

/** Runs three steps through the kernel (the table and moments carry over). */
function kernel(c: RowsCase, backend: "js" | "wasm" | "rebuilt") {
  let W = c.W, M = new Float32Array(c.V * c.D), V2 = new Float32Array(c.V * c.D);
  for (let step = 1; step <= 3; step++) {
    const out = run(
      adamLaunch({ ...c, W }, M, V2, adamScalars(0.01, 0.9, 0.999, 1e-8, step)),
      backend,
    );
    [W, M, V2] = [buf(out, 0), buf(out, 3), buf(out, 4)];
  }
  return { W, M, V2 };
}

Deno.test("adam_rows kernel follows torch.optim.Adam's order exactly over three steps, sparse and dense", () => {
  for (const c of CASES) {
    const got = kernel(c, "js"), want = naive(c, 3);
    assertBitwise(got.M, want.M, `${c.name} m`);
    assertBitwise(got.V2, want.V2, `${c.name} v`);
    assertBitwise(got.W, want.W, `${c.name} w`);
    // And it is Adam: float64 Adam agrees to float32 accuracy.
    assertAllClose(got.W, naive(c, 3, true).Wf64, { rtol: 1e-5, atol: 1e-6, msg: c.name });
  }
});

Deno.test("adam_rows kernel gives the same result split across launches, and rebuilt from source", () => {
  let seed = 42;
  const r = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (const c of CASES) {
    const M = new Float32Array(c.V * c.D).fill(0.25), V2 = new Float32Array(c.V * c.D).fill(0.5);
    assertSplitInvariant(
      adamLaunch(c, M, V2, adamScalars(0.01, 0.9, 0.999, 1e-8, 2)),
      "js",
      r,
      c.name,
    );
    const a = kernel(c, "rebuilt"), b = kernel(c, "js");
    assertBitwise(a.W, b.W, `${c.name} rebuilt`);
  }
});
