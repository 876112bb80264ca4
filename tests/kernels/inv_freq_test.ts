/**
 * `inv_freq` (kernels/inv_freq.ts): `invFreq[j] = 1 / freq(idx[j])` rounded
 * to float32, one task; checked against a naive count, with the per-row
 * counts left zeroed, and rebuilt from its source text.
 */

import assert from "node:assert/strict";
import { invFreq } from "../../kernels/inv_freq.ts";
import { KERNELS } from "../../kernels/registry.ts";
import { bagCases } from "./_cases.ts";
import { invFreqLaunch } from "./_grad_cases.ts";
import { assertBitwise, assertSameRuns, buf, run } from "./_kernel_harness.ts";

const CASES = bagCases(7, 4).filter((c) => c.D === 1 || c.D === 64);

function naive(idx: Int32Array): Float32Array {
  const freq = new Map<number, number>();
  for (const k of idx) freq.set(k, (freq.get(k) ?? 0) + 1);
  return Float32Array.from(idx, (k) => 1 / freq.get(k)!);
}

Deno.test("inv_freq kernel writes 1 / (occurrences of idx[j] in idx) and leaves the counts zeroed", () => {
  for (const c of CASES) {
    const l = invFreqLaunch(c.idx, c.V);
    const out = run(l);
    assertBitwise(buf(out, 3), naive(c.idx), c.name);
    assertSameRuns(out, l.args, "idx and counts unchanged", [0, 2]);
  }
});

Deno.test("inv_freq kernel rounds 1/3 and 1/7 to float32 (and 1 for a row seen once)", () => {
  const idx = Int32Array.of(2, 0, 2, 1, 2, ...new Array(7).fill(3));
  const got = buf(run(invFreqLaunch(idx, 4)), 3);
  const third = Math.fround(1 / 3), seventh = Math.fround(1 / 7);
  assertBitwise(got, [third, 1, third, 1, third, ...new Array(7).fill(seventh)]);
  assert.notEqual(got[0], 1 / 3);
});

Deno.test("inv_freq kernel handles N = 0 and V = 1", () => {
  assertBitwise(buf(run(invFreqLaunch(new Int32Array(0), 3)), 3), []);
  assertBitwise(buf(run(invFreqLaunch(new Int32Array(4), 1)), 3), [0.25, 0.25, 0.25, 0.25]);
});

Deno.test("inv_freq kernel rebuilt from its source text computes the same", () => {
  assert.equal(KERNELS.inv_freq, invFreq);
  for (const c of CASES) {
    const l = invFreqLaunch(c.idx, c.V);
    assertSameRuns(run(l, "rebuilt"), run(l), c.name);
  }
});
