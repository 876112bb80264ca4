/**
 * `reduce` (kernels/reduce.ts): sums, means, maxima and minima over the
 * middle axis of `[outer, r, inner]`, checked against naive references (the
 * documented float32 order exactly, a float64 sum closely, order-free
 * maxima), identities for `r = 0`, NaN and ±Infinity, launch ranges split
 * anywhere (even inside an output row), and rebuilt from its source text.
 */

import assert from "node:assert/strict";
import { reduce } from "../../kernels/reduce.ts";
import { KERNELS } from "../../kernels/registry.ts";
import { assertAllClose } from "../_numeric.ts";
import {
  assertBitwise,
  assertSameRuns,
  assertSplitInvariant,
  buf,
  rng,
  run,
} from "./_kernel_harness.ts";
import { at, type ReduceCase, reduceCases, reduceLaunch } from "./_reduce_cases.ts";

const fr = Math.fround;

/** The documented summation order, written out plainly. */
function orderedSum(c: ReduceCase, o: number, i: number): number {
  if (c.inner > 1) {
    let s = 0;
    for (let j = 0; j < c.r; j++) s = fr(s + at(c, o, j, i));
    return s;
  }
  const acc = [0, 1, 2, 3].map(() => [0, 0, 0, 0]), n4 = c.r >> 2;
  for (let v = 0; v < n4; v++) {
    for (let l = 0; l < 4; l++) acc[v % 4][l] = fr(acc[v % 4][l] + at(c, o, 4 * v + l, 0));
  }
  const s = [0, 1, 2, 3].map((l) => fr(fr(acc[0][l] + acc[1][l]) + fr(acc[2][l] + acc[3][l])));
  let sum = fr(fr(s[0] + s[2]) + fr(s[1] + s[3]));
  for (let j = 4 * n4; j < c.r; j++) sum = fr(sum + at(c, o, j, 0));
  return sum;
}

/** Per output element: `f` over the column `x[o, :, i]`. */
function naive(c: ReduceCase, f: (col: number[]) => number): Float32Array {
  const out = new Float32Array(c.outer * c.inner);
  for (let o = 0; o < c.outer; o++) {
    for (let i = 0; i < c.inner; i++) {
      out[o * c.inner + i] = f(Array.from({ length: c.r }, (_, j) => at(c, o, j, i)));
    }
  }
  return out;
}

/** IEEE maximum: NaN if any, else the largest, +0 over -0. */
const maxOf = (col: number[]) => col.reduce((a, b) => Math.max(a, b), -Infinity);
const minOf = (col: number[]) => col.reduce((a, b) => Math.min(a, b), Infinity);

Deno.test("reduce kernel sums in the documented float32 order, close to a float64 sum", () => {
  for (const c of reduceCases(60, rng(3))) {
    const sum = buf(run(reduceLaunch(c, "sum")), 1), name = `[${c.outer}, ${c.r}, ${c.inner}]`;
    const ordered = Float32Array.from(
      sum,
      (_, u) => orderedSum(c, Math.floor(u / c.inner), u % c.inner),
    );
    assertBitwise(sum, ordered, name);
    const f64 = naive(c, (col) => col.reduce((a, b) => a + b, 0));
    const finite = (v: Float32Array) => v.map((y, u) => (Number.isFinite(f64[u]) ? y : 0));
    assertAllClose(finite(sum), finite(f64), { rtol: 1e-4, atol: 1e-5 * c.r, msg: name });
  }
});

Deno.test("reduce kernel mean is the float32 sum divided by r, NaN when r is 0", () => {
  for (const c of reduceCases(40, rng(4))) {
    const sum = buf(run(reduceLaunch(c, "sum")), 1), mean = buf(run(reduceLaunch(c, "mean")), 1);
    assertBitwise(mean, sum.map((s) => fr(s / c.r)), `[${c.outer}, ${c.r}, ${c.inner}]`);
    if (c.r === 0) assert.ok(mean.every(Number.isNaN));
  }
});

Deno.test("reduce kernel max and min: a NaN wins, ±Infinity count, +0 beats -0, identities when r is 0", () => {
  for (const c of reduceCases(60, rng(5))) {
    const name = `[${c.outer}, ${c.r}, ${c.inner}]`;
    assertBitwise(buf(run(reduceLaunch(c, "max")), 1), naive(c, maxOf), `max ${name}`);
    assertBitwise(buf(run(reduceLaunch(c, "min")), 1), naive(c, minOf), `min ${name}`);
  }
  const x = Float32Array.of(-0, 0, NaN, 1, -Infinity, 2, 0, -0);
  const rows = { outer: 4, r: 2, inner: 1, x }, cols = { outer: 2, r: 2, inner: 2, x };
  assertBitwise(buf(run(reduceLaunch(rows, "max")), 1), [0, NaN, 2, 0]);
  assertBitwise(buf(run(reduceLaunch(rows, "min")), 1), [-0, NaN, -Infinity, -0]);
  assertBitwise(buf(run(reduceLaunch(cols, "max")), 1), [NaN, 1, 0, 2]);
  assertBitwise(buf(run(reduceLaunch(cols, "min")), 1), [NaN, 0, -Infinity, -0]);
  const empty = { outer: 2, r: 0, inner: 3, x: new Float32Array(0) };
  assertBitwise(buf(run(reduceLaunch(empty, "sum")), 1), new Float32Array(6));
  assertBitwise(buf(run(reduceLaunch(empty, "max")), 1), new Float32Array(6).fill(-Infinity));
  assertBitwise(buf(run(reduceLaunch(empty, "min")), 1), new Float32Array(6).fill(Infinity));
});

Deno.test("reduce kernel gives the same output when output elements are split across launches", () => {
  const r = rng(6);
  for (const op of ["sum", "mean", "max", "min"]) {
    for (const c of reduceCases(12, r)) {
      const l = reduceLaunch(c, op);
      const whole = assertSplitInvariant(l, "js", r, `${op} [${c.outer}, ${c.r}, ${c.inner}]`);
      assertSameRuns(whole, l.args, "input unchanged", [0]);
    }
  }
});

Deno.test("reduce kernel writes only the output elements of its range", () => {
  const c = { outer: 2, r: 3, inner: 5, x: Float32Array.from({ length: 30 }, (_, k) => k) };
  const out = buf(run(reduceLaunch(c, "sum"), "js", [[3, 7]]), 1);
  assertBitwise(out, [-1234.5, -1234.5, -1234.5, 24, 27, 60, 63, -1234.5, -1234.5, -1234.5]);
});

Deno.test("reduce kernel rebuilt from its source text computes the same", () => {
  assert.equal(KERNELS.reduce, reduce);
  for (const c of reduceCases(10, rng(7))) {
    for (const op of ["sum", "mean", "max", "min"]) {
      const l = reduceLaunch(c, op);
      assertSameRuns(run(l, "rebuilt"), run(l), `${op} [${c.outer}, ${c.r}, ${c.inner}]`);
    }
  }
});
