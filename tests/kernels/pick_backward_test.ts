/**
 * `pick_backward` (kernels/pick_backward.ts): each row of `dx` zero but
 * `g[i]` at its target, all zero when ignored, checked against a naive
 * reference, a `FAULT` on a target outside the row (that row unwritten),
 * split ranges, and rebuilt from its source text.
 */

import assert from "node:assert/strict";
import { pickBackward } from "../../kernels/pick_backward.ts";
import { FAULT } from "../../kernels/kernel.ts";
import { KERNELS } from "../../kernels/registry.ts";
import {
  assertBitwise,
  assertSameRuns,
  assertSplitInvariant,
  buf,
  rng,
  run,
} from "./_kernel_harness.ts";
import { pickBackwardLaunch, type PickCase, pickCases } from "./_pick_cases.ts";

function naive(c: PickCase): Float32Array {
  const dx = new Float32Array(c.N * c.C);
  c.t.forEach((k, i) => k !== c.ignore && (dx[i * c.C + k] = c.g[i * c.gStride]));
  return dx;
}

Deno.test("pick_backward kernel puts g[i] at dx[i, t[i]], zeros elsewhere and on ignored rows", () => {
  for (const c of pickCases(40, rng(44))) {
    const out = run(pickBackwardLaunch(c));
    assertBitwise(buf(out, 2), naive(c), `N=${c.N} C=${c.C} ignore=${c.ignore}`);
    assertSameRuns(out, pickBackwardLaunch(c).args, "inputs unchanged", [0, 1]);
  }
});

Deno.test("pick_backward kernel returns FAULT at a bad target before writing its row", () => {
  for (const bad of [2, -1, -100]) {
    for (const backend of ["js", "wasm"] as const) {
      const c: PickCase = {
        N: 3,
        C: 2,
        xStride: 2,
        x: new Float32Array(6),
        t: Int32Array.of(1, bad, 0),
        ignore: bad === -100 ? 5 : -100,
        g: Float32Array.of(7, 8, 9),
        gStride: 1,
      };
      const statuses: number[] = [];
      const dx = buf(run(pickBackwardLaunch(c), backend, [[0, 3]], statuses), 2);
      assert.deepEqual(statuses, [FAULT], `${backend} ${bad}`);
      assertBitwise(dx, [0, 7, -1234.5, -1234.5, -1234.5, -1234.5], backend);
    }
  }
});

Deno.test("pick_backward kernel gives the same output when rows are split across launches", () => {
  const r = rng(45);
  for (const c of pickCases(20, r)) {
    assertSplitInvariant(pickBackwardLaunch(c), "js", r, `N=${c.N}`);
  }
});

Deno.test("pick_backward kernel rebuilt from its source text computes the same", () => {
  assert.equal(KERNELS.pick_backward, pickBackward);
  for (const c of pickCases(10, rng(46))) {
    assertSameRuns(run(pickBackwardLaunch(c), "rebuilt"), run(pickBackwardLaunch(c)), `N=${c.N}`);
  }
});
