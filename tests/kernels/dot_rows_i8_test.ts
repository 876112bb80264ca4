/**
 * `dot_rows_i8` (kernels/dot_rows_i8.ts): the exact integer dot product of
 * each int8 row with the int16 query, converted to float32 and times the
 * row's scale, against a plain reference (bit for bit); over split ranges;
 * rebuilt from source.
 */

import assert from "node:assert/strict";
import { dotRowsI8 } from "../../kernels/dot_rows_i8.ts";
import { assertBitwise, assertSplitInvariant, buf, rebuild, rng, run } from "./_kernel_harness.ts";
import { dotI8Launch } from "./_dot_i8_cases.ts";

function reference(W: Int8Array, q: Int16Array, scale: Float32Array, P: number): Float32Array {
  return Float32Array.from(scale, (s, r) => {
    let sum = 0;
    for (let d = 0; d < P; d++) sum += W[r * P + d] * q[d];
    assert.ok(Math.abs(sum) < 2 ** 31);
    return Math.fround(Math.fround(sum) * s);
  });
}

Deno.test("dot_rows_i8 kernel scores each row: its integer dot product times its scale", () => {
  for (const P of [16, 32, 304]) {
    const { launch, W, q, scale } = dotI8Launch(21, P, P);
    assertBitwise(buf(run(launch), 3), reference(W, q, scale, P), `P=${P}`);
  }
});

Deno.test("dot_rows_i8 kernel sums the largest allowed products without overflow", () => {
  const P = 304, qMax = Math.floor((2 ** 31 - 1) / (128 * P));
  const { launch, W, q, scale } = dotI8Launch(3, P, 1, -Math.min(32767, qMax), true);
  const out = buf(run(launch), 3);
  assertBitwise(out, reference(W, q, scale, P), "extreme");
  assert.ok(out.every((x, r) => x > 0 || scale[r] === 0));
});

Deno.test("dot_rows_i8 kernel writes only the rows of its range, the same split or not", () => {
  const r = rng(5);
  for (const P of [16, 48]) assertSplitInvariant(dotI8Launch(30, P, 9).launch, "js", r, `P=${P}`);
  const out = buf(run(dotI8Launch(10, 16, 1).launch, "js", [[2, 5]]), 3);
  assert.deepEqual([out[0], out[1], out[5], out[9]], [-1234.5, -1234.5, -1234.5, -1234.5]);
});

Deno.test("dot_rows_i8 kernel rebuilt from its source text computes the same", () => {
  assert.ok(rebuild(dotRowsI8));
  const { launch } = dotI8Launch(17, 32, 3);
  assertBitwise(buf(run(launch, "rebuilt"), 3), buf(run(launch), 3));
});
