/**
 * `bag_argmax` (kernels/bag_argmax.ts): the winning position per bag and
 * dimension (first entry on ties, -1 for empty or all-padding bags), checked
 * against a naive reference, against `gather_bag`'s max values, over split
 * ranges of bags, and rebuilt from its source text.
 */

import assert from "node:assert/strict";
import { bagArgmax } from "../../kernels/bag_argmax.ts";
import { KERNELS } from "../../kernels/registry.ts";
import { bagArgmaxLaunch, bagBounds, type BagCase, bagCases, gatherBagLaunch } from "./_cases.ts";
import {
  assertBitwise,
  assertSameRuns,
  assertSplitInvariant,
  buf,
  rng,
  run,
} from "./_kernel_harness.ts";

const CASES = bagCases(3);

function naive(c: BagCase, padded: boolean): Int32Array {
  const { D } = c, out = new Int32Array(c.B * D);
  for (let b = 0; b < c.B; b++) {
    const [first, last] = bagBounds(c, b);
    for (let d = 0; d < D; d++) {
      let win = -1;
      for (let j = first; j < last; j++) {
        if (padded && c.idx[j] === c.pad) continue;
        if (win < 0 || c.W[c.idx[j] * D + d] > c.W[c.idx[win] * D + d]) win = j;
      }
      out[b * D + d] = win;
    }
  }
  return out;
}

Deno.test("bag_argmax kernel finds the first winning position per bag and dimension, -1 for empty bags", () => {
  for (const padded of [false, true]) {
    for (const c of CASES) {
      const l = bagArgmaxLaunch(c, { D: c.D, padded });
      const out = run(l);
      assertBitwise(buf(out, 5), naive(c, padded), `padded=${padded} ${c.name}`);
      assertSameRuns(out, l.args, "inputs unchanged", [0, 1, 2]);
    }
  }
});

Deno.test("bag_argmax kernel winners hold exactly gather_bag's max values (same tie and NaN rule)", () => {
  for (const padded of [false, true]) {
    for (const c of CASES) {
      const am = buf<Int32Array>(run(bagArgmaxLaunch(c, { D: c.D, padded })), 5);
      const max = buf(run(gatherBagLaunch(c, { D: c.D, mode: "max", weighted: false, padded })), 6);
      const viaArgmax = Float32Array.from(
        am,
        (j, i) => (j < 0 ? 0 : c.W[c.idx[j] * c.D + (i % c.D)]),
      );
      assertBitwise(viaArgmax, max, c.name);
    }
  }
});

Deno.test("bag_argmax kernel breaks ties by the first entry, and a NaN wins only as the first entry", () => {
  const c: BagCase = {
    name: "ties",
    V: 3,
    D: 3,
    B: 3,
    N: 6,
    nOff: 3,
    pad: 2,
    W: Float32Array.of(NaN, 1, -0, 2, 1, 0, 9, 9, 9),
    idx: Int32Array.of(0, 1, 2, 1, 0, 2),
    off: Int32Array.of(0, 2, 5),
    psw: new Float32Array(6),
  };
  const am = buf<Int32Array>(run(bagArgmaxLaunch(c, { D: 3, padded: true })), 5);
  assertBitwise(am, [0, 0, 0, 3, 3, 3, -1, -1, -1]);
});

Deno.test("bag_argmax kernel gives the same output when bags are split across launches", () => {
  const r = rng(13);
  for (const padded of [false, true]) {
    for (const c of CASES) {
      assertSplitInvariant(bagArgmaxLaunch(c, { D: c.D, padded }), "js", r, c.name);
    }
  }
});

Deno.test("bag_argmax kernel rebuilt from its source text computes the same", () => {
  assert.equal(KERNELS.bag_argmax, bagArgmax);
  for (const c of CASES) {
    const l = bagArgmaxLaunch(c, { D: c.D, padded: true });
    assertSameRuns(run(l, "rebuilt"), run(l), c.name);
  }
});
