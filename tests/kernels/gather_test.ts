/**
 * `gather` (kernels/gather.ts): row `j` of the output is `W[idx[j]]`,
 * checked against a naive copy, over split ranges of positions, and rebuilt
 * from its source text.
 */

import assert from "node:assert/strict";
import { gather } from "../../kernels/gather.ts";
import { KERNELS } from "../../kernels/registry.ts";
import { bagCases, gatherLaunch } from "./_cases.ts";
import {
  assertBitwise,
  assertSameRuns,
  assertSplitInvariant,
  buf,
  rebuild,
  rng,
  run,
} from "./_kernel_harness.ts";

const CASES = bagCases(1);

function naive(W: Float32Array, idx: Int32Array, D: number): Float32Array {
  const out = new Float32Array(idx.length * D);
  idx.forEach((k, j) => out.set(W.subarray(k * D, (k + 1) * D), j * D));
  return out;
}

Deno.test("gather kernel copies W[idx[j]] into row j, bit for bit (-0, NaN, Infinity)", () => {
  for (const c of CASES) {
    const l = gatherLaunch(c, { D: c.D });
    const out = run(l);
    assertBitwise(buf(out, 2), naive(c.W, c.idx, c.D), c.name);
    assertSameRuns(out, l.args, `${c.name}: inputs unchanged`, [0, 1]);
  }
});

Deno.test("gather kernel gives the same output when positions are split across launches", () => {
  const r = rng(11);
  for (const c of CASES) assertSplitInvariant(gatherLaunch(c, { D: c.D }), "js", r, c.name);
});

Deno.test("gather kernel writes only the rows of its own positions", () => {
  const c = CASES.find((x) => x.N >= 6 && x.D === 3)!;
  const l = gatherLaunch(c, { D: c.D });
  const out = buf(run(l, "js", [[2, 5]]), 2);
  const expected = Float32Array.from(l.args[2] as Float32Array);
  expected.set(naive(c.W, c.idx.subarray(2, 5), c.D), 2 * c.D);
  assertBitwise(out, expected);
});

Deno.test("gather kernel rebuilt from its source text computes the same", () => {
  assert.equal(gather.helpers, undefined);
  assert.equal(KERNELS.gather, gather);
  assert.equal(typeof rebuild(gather), "function");
  for (const c of CASES) {
    const l = gatherLaunch(c, { D: c.D });
    assertSameRuns(run(l, "rebuilt"), run(l), c.name);
  }
});
