/**
 * Shared cases of the `reduce` and `reduce_arg` kernel tests: random
 * `[outer, r, inner]` shapes (empty dimensions, `r = 1`, `inner = 1`, odd
 * sizes around the SIMD widths) with values that include ties, ±0, NaN and
 * ±Infinity, and their launches.
 */

import type { Launch } from "./_kernel_harness.ts";
import { f32Sentinel, f32Values, i32Sentinel } from "./_kernel_harness.ts";

/** A tensor viewed as `[outer, r, inner]`. */
export interface ReduceCase {
  readonly outer: number;
  readonly r: number;
  readonly inner: number;
  readonly x: Float32Array;
}

const OUTER = [0, 1, 2, 3, 5, 8];
const R = [0, 1, 2, 3, 4, 5, 7, 15, 16, 17, 19, 33, 64, 100];
const INNER = [0, 1, 1, 1, 2, 3, 4, 5, 8, 31, 32, 33, 37, 70];

/** `n` random cases (plus the edge shapes), values from `f32Values`. */
export function reduceCases(n: number, r: () => number, special = true): ReduceCase[] {
  const pick = (a: readonly number[]) => a[Math.floor(r() * a.length)];
  const shapes: [number, number, number][] = [
    [1, 0, 1],
    [2, 0, 5],
    [0, 3, 4],
    [3, 1, 1],
    [
      1,
      1,
      40,
    ],
    [4, 1000, 1],
    [1, 300, 9],
  ];
  for (let k = 0; k < n; k++) shapes.push([pick(OUTER), pick(R), pick(INNER)]);
  return shapes.map(([outer, rr, inner]) => ({
    outer,
    r: rr,
    inner,
    x: f32Values(outer * rr * inner, r, { special }),
  }));
}

/** The `reduce` launch of a case. */
export function reduceLaunch(c: ReduceCase, op: string): Launch {
  const units = c.outer * c.inner;
  return {
    kernel: "reduce",
    spec: { op },
    args: [c.x, f32Sentinel(units), c.outer, c.r, c.inner],
    units,
  };
}

/** The `reduce_arg` launch of a case. */
export function reduceArgLaunch(c: ReduceCase, op: string): Launch {
  const units = c.outer * c.inner;
  return {
    kernel: "reduce_arg",
    spec: { op },
    args: [c.x, i32Sentinel(units), c.outer, c.r, c.inner],
    units,
  };
}

/** Element `[o, j, i]` of a case. */
export function at(c: ReduceCase, o: number, j: number, i: number): number {
  return c.x[(o * c.r + j) * c.inner + i];
}
