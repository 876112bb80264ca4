/**
 * `row_norms` (kernels/row_norms.ts): the documented arithmetic written out
 * plainly (bit for bit), split ranges, rebuilt from source.
 */

import assert from "node:assert/strict";
import { rowNorms } from "../../kernels/row_norms.ts";
import { assertBitwise, assertSplitInvariant, buf, rebuild, rng, run } from "./_kernel_harness.ts";
import { rowNormsLaunch } from "./_row_norms_cases.ts";

Deno.test("row_norms kernel writes f32(sqrt of the float64 sum of squares, in order)", () => {
  for (const D of [1, 3, 4, 9, 300]) {
    const l = rowNormsLaunch(23, D, D), W = l.args[0] as Float32Array, out = buf(run(l), 1);
    const want = Float32Array.from({ length: 23 }, (_, r) => {
      let sum = 0;
      for (let d = 0; d < D; d++) sum += W[r * D + d] * W[r * D + d];
      return Math.sqrt(sum);
    });
    assertBitwise(out, want);
  }
});

Deno.test("row_norms kernel writes only the rows of its range, the same split or not", () => {
  const r = rng(5);
  for (const D of [2, 17, 40]) assertSplitInvariant(rowNormsLaunch(21, D, 9), "js", r, `D=${D}`);
  const out = buf(run(rowNormsLaunch(10, 8, 1), "js", [[2, 5]]), 1);
  assert.deepEqual([out[0], out[1], out[5], out[9]], [-1234.5, -1234.5, -1234.5, -1234.5]);
  assert.notEqual(out[2], -1234.5);
});

Deno.test("row_norms kernel rebuilt from its source text computes the same", () => {
  assert.ok(rebuild(rowNorms));
  const l = rowNormsLaunch(17, 33, 3);
  assertBitwise(buf(run(l, "rebuilt"), 1), buf(run(l), 1));
});
