/**
 * `dot_rows` (kernels/dot_rows.ts): each row's dot product with the query,
 * divided by the row's norm, checked against a float64 dot product (close)
 * and against the documented float32 summation order (exact), over split
 * ranges, and rebuilt from source.
 */

import assert from "node:assert/strict";
import { dotRows } from "../../kernels/dot_rows.ts";
import {
  assertBitwise,
  assertSplitInvariant,
  buf,
  DIMS,
  rebuild,
  rng,
  run,
} from "./_kernel_harness.ts";
import { assertAllClose } from "../_numeric.ts";
import { dotLaunch } from "./_dot_cases.ts";

/** The documented order, written out plainly. */
function ordered(W: Float32Array, q: Float32Array, norms: Float32Array, D: number): Float32Array {
  const fr = Math.fround, V = norms.length, out = new Float32Array(V), n4 = D >> 2;
  for (let r = 0; r < V; r++) {
    const acc = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
    for (let v = 0; v < n4; v++) {
      for (let l = 0; l < 4; l++) {
        acc[v % 4][l] = fr(acc[v % 4][l] + fr(W[r * D + 4 * v + l] * q[4 * v + l]));
      }
    }
    const s = [0, 1, 2, 3].map((l) => fr(fr(acc[0][l] + acc[1][l]) + fr(acc[2][l] + acc[3][l])));
    let sum = fr(fr(s[0] + s[2]) + fr(s[1] + s[3]));
    for (let d = 4 * n4; d < D; d++) sum = fr(sum + fr(W[r * D + d] * q[d]));
    out[r] = fr(sum / norms[r]);
  }
  return out;
}

Deno.test("dot_rows kernel scores each row: its dot product with the query over its norm", () => {
  for (const D of [...DIMS, 50, 300]) {
    const l = dotLaunch(23, D, D);
    const [W, q, norms] = l.args as Float32Array[];
    const out = buf(run(l), 3);
    const f64 = Array.from({ length: 23 }, (_, r) => {
      let s = 0;
      for (let d = 0; d < D; d++) s += W[r * D + d] * q[d];
      return s / norms[r];
    });
    assertAllClose(out, f64, { rtol: 1e-5, atol: 1e-6 * D, msg: `D=${D}` });
    assertBitwise(out, ordered(W, q, norms, D), `D=${D} order`);
  }
});

Deno.test("dot_rows kernel writes only the rows of its range, the same split or not", () => {
  const r = rng(5);
  for (const D of [3, 17, 64]) assertSplitInvariant(dotLaunch(40, D, 9), "js", r, `D=${D}`);
  const out = buf(run(dotLaunch(10, 8, 1), "js", [[2, 5]]), 3);
  assert.deepEqual([out[0], out[1], out[5], out[9]], [-1234.5, -1234.5, -1234.5, -1234.5]);
});

Deno.test("dot_rows kernel rebuilt from its source text computes the same", () => {
  assert.ok(rebuild(dotRows));
  const l = dotLaunch(17, 33, 3);
  assertBitwise(buf(run(l, "rebuilt"), 3), buf(run(l), 3));
});
