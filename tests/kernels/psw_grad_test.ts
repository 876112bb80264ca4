/**
 * `psw_grad` (kernels/psw_grad.ts): `out[j] = dot(G[b], W[idx[j]])` for
 * position j of bag b, in the documented float32 order (four lane sums over
 * the full groups of four, `(s0 + s1) + (s2 + s3)`, then the tail), 0 at
 * padding; checked against a naive reference, over split ranges of bags, and
 * rebuilt from its source text.
 */

import assert from "node:assert/strict";
import { pswGrad } from "../../kernels/psw_grad.ts";
import { KERNELS } from "../../kernels/registry.ts";
import { bagBounds, type BagCase, bagCases, pswGradLaunch } from "./_cases.ts";
import {
  assertBitwise,
  assertSameRuns,
  assertSplitInvariant,
  buf,
  f32Sentinel,
  f32Values,
  rng,
  run,
} from "./_kernel_harness.ts";

const CASES = bagCases(5).map((c, i) => ({ c, G: f32Values(c.B * c.D, rng(500 + i)) }));

function dot(g: Float32Array, w: Float32Array): number {
  const f = Math.fround, D = g.length, full = D - (D % 4);
  const prods = Array.from(g, (x, d) => f(x * w[d]));
  const lane = (l: number) =>
    prods.slice(0, full).filter((_, d) => d % 4 === l).reduce((s, x) => f(s + x), 0);
  const head = f(f(lane(0) + lane(1)) + f(lane(2) + lane(3)));
  return prods.slice(full).reduce((s, x) => f(s + x), head);
}

function naive(c: BagCase, G: Float32Array, padded: boolean): Float32Array {
  const { D } = c, out = f32Sentinel(c.N);
  for (let b = 0; b < c.B; b++) {
    const [first, last] = bagBounds(c, b);
    for (let j = first; j < last; j++) {
      const k = c.idx[j];
      out[j] = padded && k === c.pad
        ? 0
        : dot(G.subarray(b * D, (b + 1) * D), c.W.subarray(k * D, (k + 1) * D));
    }
  }
  return out;
}

Deno.test("psw_grad kernel computes dot(G[b], W[idx[j]]) per position in the documented float32 order", () => {
  for (const padded of [false, true]) {
    for (const { c, G } of CASES) {
      const l = pswGradLaunch(c, G, { D: c.D, padded });
      const out = run(l);
      assertBitwise(buf(out, 7), naive(c, G, padded), `padded=${padded} ${c.name}`);
      assertSameRuns(out, l.args, "inputs unchanged", [0, 1, 2, 3]);
    }
  }
});

Deno.test("psw_grad kernel sums lanes as (s0 + s1) + (s2 + s3), not in dimension order", () => {
  // D = 4 with one huge term: dimension order gives (1e8 + 1) - 1e8 + 1 = 1, lane order (1e8 + 1) + (-1e8 + 1) = 0.
  const c: BagCase = {
    name: "order",
    V: 1,
    D: 4,
    B: 1,
    N: 1,
    nOff: 1,
    pad: 0,
    W: Float32Array.of(1, 1, 1, 1),
    idx: Int32Array.of(0),
    off: Int32Array.of(0),
    psw: new Float32Array(1),
  };
  const G = Float32Array.of(1e8, 1, -1e8, 1);
  assertBitwise(buf(run(pswGradLaunch(c, G, { D: 4, padded: false })), 7), [0]);
});

Deno.test("psw_grad kernel gives the same output when bags are split across launches", () => {
  const r = rng(15);
  for (const padded of [false, true]) {
    for (const { c, G } of CASES) {
      assertSplitInvariant(pswGradLaunch(c, G, { D: c.D, padded }), "js", r, c.name);
    }
  }
});

Deno.test("psw_grad kernel rebuilt from its source text computes the same", () => {
  assert.equal(KERNELS.psw_grad, pswGrad);
  for (const { c, G } of CASES) {
    const l = pswGradLaunch(c, G, { D: c.D, padded: true });
    assertSameRuns(run(l, "rebuilt"), run(l), c.name);
  }
});
