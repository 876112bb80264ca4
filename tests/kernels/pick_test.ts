/**
 * `pick` (kernels/pick.ts): one element per row at its target, 0 on ignored
 * rows (whatever `ignoreIndex` is), from a matrix or one shared row, checked
 * against a naive reference, a `FAULT` on a target outside the row, split
 * ranges, and rebuilt from its source text.
 */

import assert from "node:assert/strict";
import { pick } from "../../kernels/pick.ts";
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
import { type PickCase, pickCases, pickLaunch } from "./_pick_cases.ts";

function naive(c: PickCase): Float32Array {
  return Float32Array.from(c.t, (k, i) => (k === c.ignore ? 0 : c.x[i * c.xStride + k]));
}

Deno.test("pick kernel takes x[i, t[i]], 0 where the target is ignoreIndex", () => {
  for (const c of pickCases(40, rng(41))) {
    const out = run(pickLaunch(c));
    assertBitwise(buf(out, 2), naive(c), `N=${c.N} C=${c.C} ignore=${c.ignore}`);
    assertSameRuns(out, pickLaunch(c).args, "inputs unchanged", [0, 1]);
  }
});

Deno.test("pick kernel returns FAULT at a target outside [0, C) that is not ignored", () => {
  for (const bad of [3, -1, -100, 2 ** 31 - 1]) {
    for (const backend of ["js", "wasm"] as const) {
      const c: PickCase = {
        N: 3,
        C: 3,
        xStride: 3,
        x: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9),
        t: Int32Array.of(2, bad, 0),
        ignore: bad === -100 ? -1 : -100,
        g: new Float32Array(3),
        gStride: 1,
      };
      const statuses: number[] = [];
      const out = buf(run(pickLaunch(c), backend, [[0, 3]], statuses), 2);
      assert.deepEqual(statuses, [FAULT], `${backend} ${bad}`);
      assertBitwise(out.subarray(0, 1), [3], `${backend} rows before the fault`);
    }
  }
});

Deno.test("pick kernel gives the same output when rows are split across launches", () => {
  const r = rng(42);
  for (const c of pickCases(20, r)) assertSplitInvariant(pickLaunch(c), "js", r, `N=${c.N}`);
});

Deno.test("pick kernel rebuilt from its source text computes the same", () => {
  assert.equal(KERNELS.pick, pick);
  for (const c of pickCases(10, rng(43))) {
    assertSameRuns(run(pickLaunch(c), "rebuilt"), run(pickLaunch(c)), `N=${c.N}`);
  }
});
