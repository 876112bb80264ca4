/**
 * `reduce_arg` (kernels/reduce_arg.ts): argmax and argmin over the middle
 * axis of `[outer, r, inner]` with PyTorch's rules (first index of the
 * extreme value, a NaN counting as the extreme, ±0 tied), checked against a
 * naive scan, against `reduce`'s max and min values, over split ranges, and
 * rebuilt from its source text.
 */

import assert from "node:assert/strict";
import { reduceArg } from "../../kernels/reduce_arg.ts";
import { KERNELS } from "../../kernels/registry.ts";
import {
  assertBitwise,
  assertSameRuns,
  assertSplitInvariant,
  buf,
  rng,
  run,
} from "./_kernel_harness.ts";
import {
  at,
  reduceArgLaunch,
  type ReduceCase,
  reduceCases,
  reduceLaunch,
} from "./_reduce_cases.ts";

/** PyTorch's rule, written out: the first NaN, else the first index whose value is extreme. */
function naive(c: ReduceCase, max: boolean): Int32Array {
  const out = new Int32Array(c.outer * c.inner);
  for (let o = 0; o < c.outer; o++) {
    for (let i = 0; i < c.inner; i++) {
      const col = Array.from({ length: c.r }, (_, j) => at(c, o, j, i));
      const nan = col.findIndex(Number.isNaN);
      const extreme = max ? Math.max(...col) : Math.min(...col);
      out[o * c.inner + i] = c.r === 0 ? -1 : nan >= 0 ? nan : col.findIndex((v) => v === extreme);
    }
  }
  return out;
}

Deno.test("reduce_arg kernel finds the first extreme index, a NaN first, -1 when r is 0", () => {
  for (const c of reduceCases(60, rng(8))) {
    for (const op of ["max", "min"]) {
      const out = buf<Int32Array>(run(reduceArgLaunch(c, op)), 1);
      assertBitwise(out, naive(c, op === "max"), `${op} [${c.outer}, ${c.r}, ${c.inner}]`);
    }
  }
});

Deno.test("reduce_arg kernel follows PyTorch on ties, NaN, ±Infinity and ±0", () => {
  // torch.tensor(rows).argmax(1) / argmin(1) give these.
  const rows = [
    [1, NaN, 3, NaN],
    [2, 5, 5, 1],
    [-0, 0, -0, 0],
    [-Infinity, -Infinity, Infinity, Infinity],
  ];
  const c = { outer: 4, r: 4, inner: 1, x: Float32Array.from(rows.flat()) };
  assertBitwise(buf<Int32Array>(run(reduceArgLaunch(c, "max")), 1), [1, 1, 0, 2]);
  assertBitwise(buf<Int32Array>(run(reduceArgLaunch(c, "min")), 1), [1, 3, 0, 0]);
});

Deno.test("reduce_arg kernel winners hold reduce's max and min values (equal, or both NaN)", () => {
  for (const c of reduceCases(30, rng(9))) {
    if (c.r === 0) continue;
    for (const op of ["max", "min"]) {
      const arg = buf<Int32Array>(run(reduceArgLaunch(c, op)), 1);
      const val = buf(run(reduceLaunch(c, op)), 1);
      arg.forEach((j, u) => {
        const v = at(c, Math.floor(u / c.inner), j, u % c.inner);
        assert.ok(v === val[u] || (Number.isNaN(v) && Number.isNaN(val[u])), `${op} ${u}`);
      });
    }
  }
});

Deno.test("reduce_arg kernel gives the same output when output elements are split across launches", () => {
  const r = rng(10);
  for (const op of ["max", "min"]) {
    for (const c of reduceCases(12, r)) {
      const l = reduceArgLaunch(c, op);
      const whole = assertSplitInvariant(l, "js", r, `${op} [${c.outer}, ${c.r}, ${c.inner}]`);
      assertSameRuns(whole, l.args, "input unchanged", [0]);
    }
  }
});

Deno.test("reduce_arg kernel rebuilt from its source text computes the same", () => {
  assert.equal(KERNELS.reduce_arg, reduceArg);
  for (const c of reduceCases(10, rng(11))) {
    const l = reduceArgLaunch(c, "max");
    assertSameRuns(run(l, "rebuilt"), run(l), `[${c.outer}, ${c.r}, ${c.inner}]`);
  }
});
