/**
 * `sgd_rows` (kernels/sgd_rows.ts): `W[r] += fround(-lr) * G[u]` row by row,
 * checked against a naive update, over split ranges, and rebuilt from source.
 */

import { sgdRows } from "../../kernels/sgd_rows.ts";
import { rowsCases, sgdLaunch, unitsOf } from "./_optimizer_cases.ts";
import { assertBitwise, assertSplitInvariant, buf, rebuild, rng, run } from "./_kernel_harness.ts";
import assert from "node:assert/strict";

const CASES = rowsCases(31);

function naive(c: (typeof CASES)[number], lr: number): Float32Array {
  const W = Float32Array.from(c.W), alpha = Math.fround(-lr);
  for (let u = 0; u < unitsOf(c); u++) {
    const row = c.dense ? u : c.rows[u];
    for (let d = 0; d < c.D; d++) {
      W[row * c.D + d] = W[row * c.D + d] + Math.fround(alpha * c.G[u * c.D + d]);
    }
  }
  return W;
}

Deno.test("sgd_rows kernel subtracts lr times the gradient from each row, sparse and dense", () => {
  for (const c of CASES) assertBitwise(buf(run(sgdLaunch(c, 0.01)), 0), naive(c, 0.01), c.name);
});

Deno.test("sgd_rows kernel gives the same table when rows are split across launches", () => {
  const r = rng(32);
  for (const c of CASES) assertSplitInvariant(sgdLaunch(c, 0.5), "js", r, c.name);
});

Deno.test("sgd_rows kernel rebuilt from its source text computes the same", () => {
  assert.ok(rebuild(sgdRows));
  for (const c of CASES) {
    assertBitwise(buf(run(sgdLaunch(c, 0.1), "rebuilt"), 0), naive(c, 0.1), c.name);
  }
});
