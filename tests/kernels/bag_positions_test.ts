/**
 * `bag_positions` (kernels/bag_positions.ts): `bagOf[j]` and `scale[j]` for
 * every position of every bag (weight or 1, times float32 `1 / count` for
 * mean bags, 0 at padding), checked against a naive reference, over split
 * ranges of bags, and rebuilt from its source text.
 */

import assert from "node:assert/strict";
import { bagPositions, type BagPositionsSpec } from "../../kernels/bag_positions.ts";
import { KERNELS } from "../../kernels/registry.ts";
import { bagBounds, type BagCase, bagCases, bagPositionsLaunch } from "./_cases.ts";
import {
  assertBitwise,
  assertSameRuns,
  assertSplitInvariant,
  buf,
  f32Sentinel,
  i32Sentinel,
  rng,
  run,
} from "./_kernel_harness.ts";

const CASES = bagCases(4);
/** The specs the contract defines: weights with sum bags only. */
const SPECS: BagPositionsSpec[] = [false, true].flatMap((padded) => [
  { mean: false, weighted: false, padded },
  { mean: true, weighted: false, padded },
  { mean: false, weighted: true, padded },
]);

function naive(c: BagCase, s: BagPositionsSpec): [Int32Array, Float32Array] {
  const bagOf = i32Sentinel(c.N), scale = f32Sentinel(c.N);
  for (let b = 0; b < c.B; b++) {
    const [first, last] = bagBounds(c, b);
    const isPad = (j: number) => s.padded && c.idx[j] === c.pad;
    let count = 0;
    for (let j = first; j < last; j++) count += isPad(j) ? 0 : 1;
    for (let j = first; j < last; j++) {
      bagOf[j] = b;
      scale[j] = isPad(j) ? 0 : s.weighted ? c.psw[j] : s.mean ? Math.fround(1 / count) : 1;
    }
  }
  return [bagOf, scale];
}

Deno.test("bag_positions kernel writes each position's bag and gradient scale (weight, 1/count, 0 at padding)", () => {
  for (const s of SPECS) {
    for (const c of CASES) {
      const l = bagPositionsLaunch(c, s);
      const out = run(l);
      const [bagOf, scale] = naive(c, s);
      assertBitwise(buf(out, 5), bagOf, `${JSON.stringify(s)} ${c.name} bagOf`);
      assertBitwise(buf(out, 6), scale, `${JSON.stringify(s)} ${c.name} scale`);
      assertSameRuns(out, l.args, "inputs unchanged", [0, 1, 4]);
    }
  }
});

Deno.test("bag_positions kernel leaves positions after the last offset alone when offsets include the last", () => {
  const c = CASES.find((x) => x.nOff === x.B + 1 && x.off[x.B] < x.N)!;
  const out = run(bagPositionsLaunch(c, { mean: true, weighted: false, padded: false }));
  const tail = c.off[c.B];
  assertBitwise(buf(out, 5).subarray(tail), i32Sentinel(c.N - tail));
  assertBitwise(buf(out, 6).subarray(tail), f32Sentinel(c.N - tail));
});

Deno.test("bag_positions kernel gives the same output when bags are split across launches", () => {
  const r = rng(14);
  for (const s of SPECS) {
    for (const c of CASES) assertSplitInvariant(bagPositionsLaunch(c, s), "js", r, c.name);
  }
});

Deno.test("bag_positions kernel rebuilt from its source text computes the same", () => {
  assert.equal(KERNELS.bag_positions, bagPositions);
  for (const s of SPECS) {
    for (const c of CASES) {
      const l = bagPositionsLaunch(c, s);
      assertSameRuns(run(l, "rebuilt"), run(l), c.name);
    }
  }
});
