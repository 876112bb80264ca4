/**
 * Wasm `strided_copy` (kernels/wasm/strided_copy.ts) against the JS
 * reference, bit for bit, in one launch and split, over random views of
 * every rank (its vector copy, broadcast fill and element paths), and its
 * refusal of a rank it cannot emit.
 */

import assert from "node:assert/strict";
import { emitStridedCopy } from "../../../kernels/wasm/strided_copy.ts";
import { assertBitwise, rng, splits } from "../_kernel_harness.ts";
import { copyCase, naiveCopy, rowsOf, runCopy, six } from "../_strided_cases.ts";

Deno.test("Wasm strided_copy matches the JS kernel bit for bit, in one launch and split", () => {
  const r = rng(24);
  for (let k = 0; k < 300; k++) {
    const c = copyCase(r), out = new Int32Array(c.outLen + 2).fill(-777);
    const js = runCopy(c, "js", out), msg = `case ${k} ${JSON.stringify(c)}`;
    assertBitwise(runCopy(c, "wasm", out), js, msg);
    for (const ranges of splits(rowsOf(c), r)) {
      assertBitwise(runCopy(c, "wasm", out, ranges), js, `${msg} ${JSON.stringify(ranges)}`);
    }
  }
});

Deno.test("Wasm strided_copy matches the JS kernel on batched transposes (rows in blocks, vector loads)", () => {
  const r = rng(25);
  for (let k = 0; k < 60; k++) {
    const int = (m: number) => 1 + Math.floor(r() * m);
    const B = int(3), a = int(40), b = int(40), step = r() < 0.7 ? 1 : 2;
    const c = {
      rank: 3,
      n: six([B, b, a], 1),
      xs: six([step * a * b, step, step * b], 0),
      os: six([a * b, a, 1], 0),
      x: Int32Array.from({ length: step * B * a * b + 2 }, () => (r() * 2 ** 32) | 0),
      xOff: Math.floor(r() * 2),
      outLen: B * a * b,
      outOff: 0,
    };
    const out = new Int32Array(c.outLen).fill(-777), js = runCopy(c, "js", out);
    const msg = `[${B}, ${a}, ${b}] step ${step}`;
    assertBitwise(js, naiveCopy(c, out), msg);
    for (const ranges of [[[0, B * b]] as const, ...splits(B * b, r)]) {
      assertBitwise(runCopy(c, "wasm", out, ranges), js, `${msg} ${JSON.stringify(ranges)}`);
    }
  }
});

Deno.test("emitStridedCopy() refuses a rank outside 1 to 6", () => {
  for (const rank of [0, 7, 2.5]) {
    assert.throws(() => emitStridedCopy({ rank }), {
      name: "RangeError",
      message: `emitStridedCopy(): rank is ${rank} but must be 1 to 6`,
    });
  }
});
