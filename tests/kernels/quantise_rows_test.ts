/**
 * `quantise_rows` (kernels/quantise_rows.ts): codes, scales and error bounds
 * against the documented arithmetic written out plainly (bit for bit), the
 * bound against an exact recomputation, split ranges, rebuilt from source.
 */

import assert from "node:assert/strict";
import { quantiseRows } from "../../kernels/quantise_rows.ts";
import { assertBitwise, assertSplitInvariant, buf, rebuild, rng, run } from "./_kernel_harness.ts";
import { quantiseLaunch } from "./_quantise_cases.ts";

Deno.test("quantise_rows kernel writes the documented codes, scales and bounds", () => {
  for (const D of [1, 5, 16, 37, 300]) {
    const l = quantiseLaunch(30, D, D), P = l.spec.P as number, W = l.args[0] as Float32Array;
    const out = run(l);
    const codes = new Int8Array(buf<Uint8Array>(out, 1).buffer);
    const scales = buf(out, 2), errors = buf(out, 3);
    for (let r = 0; r < 30; r++) {
      const row = W.subarray(r * D, r * D + D);
      const n = Math.sqrt(row.reduce((s, x) => s + x * x, 0));
      assert.ok(codes.subarray(r * P + D, r * P + P).every((c) => c === 0), `D=${D} padding`);
      if (!(n >= 1e-20 && n <= 1e30)) {
        assert.deepEqual([scales[r], errors[r]], [0, Infinity], `D=${D} row ${r}`);
        assert.ok(codes.subarray(r * P, r * P + D).every((c) => c === 0));
        continue;
      }
      const max = row.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      const scale = Math.fround(max * (1 / n) / 127);
      assert.equal(scales[r], scale, `D=${D} row ${r} scale`);
      let err = 0;
      for (let d = 0; d < D; d++) {
        const u = row[d] / n, want = Math.max(-127, Math.min(127, Math.round(u / scale)));
        // Halfway cases may round either way; nothing else may differ.
        assert.ok(
          Math.abs(codes[r * P + d] - want) <=
            (Math.abs(Math.abs(u / scale % 1) - 0.5) < 1e-9 ? 1 : 0),
        );
        err += (u - scale * codes[r * P + d]) ** 2;
      }
      assert.ok(errors[r] >= Math.sqrt(err), `D=${D} row ${r}: bound below the error`);
      assert.ok(errors[r] <= Math.sqrt(err) * 1.0001 + 1e-11, `D=${D} row ${r}: loose bound`);
    }
  }
});

Deno.test("quantise_rows kernel writes only the rows of its range, the same split or not", () => {
  const r = rng(5);
  for (const D of [3, 17, 40]) assertSplitInvariant(quantiseLaunch(20, D, 9), "js", r, `D=${D}`);
  const out = run(quantiseLaunch(10, 8, 1), "js", [[2, 5]]);
  const scales = buf(out, 2);
  assert.deepEqual([scales[0], scales[1], scales[5], scales[9]], [
    -1234.5,
    -1234.5,
    -1234.5,
    -1234.5,
  ]);
  assert.equal(buf<Uint8Array>(out, 1)[0], 0x55);
});

Deno.test("quantise_rows kernel rebuilt from its source text computes the same", () => {
  assert.ok(rebuild(quantiseRows));
  const l = quantiseLaunch(17, 33, 3);
  const a = run(l, "rebuilt"), b = run(l);
  for (const i of [1, 2, 3]) assertBitwise(buf(a, i), buf(b, i));
});
