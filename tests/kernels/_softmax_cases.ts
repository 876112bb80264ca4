/**
 * Shared cases of the softmax kernel tests: shapes `[outer, n, inner]`
 * covering rows (`inner` 1, every `n % 4`), grouped lanes (`inner` a
 * multiple of 4 or not), empty axes; float64 references computed from the
 * float32 inputs.
 */

import { f32Sentinel, f32Values, type Launch } from "./_kernel_harness.ts";

/** Shapes `[outer, n, inner]`. */
export const SHAPES: readonly (readonly [number, number, number])[] = [
  [3, 7, 1],
  [2, 8, 1],
  [4, 1, 1],
  [1, 2, 1],
  [5, 33, 1],
  [2, 5, 6],
  [1, 13, 4],
  [3, 9, 9],
  [2, 3, 2],
  [2, 0, 3],
  [0, 4, 1],
  [1, 0, 1],
];

/** Logits for a shape: random (with NaN, ±Infinity, ±0 when `special`) times `scale`. */
export function logits(
  shape: readonly number[],
  r: () => number,
  scale: number,
  special = true,
): Float32Array {
  return f32Values(shape[0] * shape[1] * shape[2], r, { special }).map((v) => v * scale);
}

/** A `softmax` launch. */
export function softmaxLaunch(
  log: boolean,
  x: Float32Array,
  [outer, n, inner]: readonly number[],
): Launch {
  return {
    kernel: "softmax",
    spec: { log },
    args: [f32Sentinel(x.length), x, n, inner],
    units: outer * inner,
  };
}

/** A `softmax_grad` launch. */
export function gradLaunch(
  log: boolean,
  g: Float32Array,
  y: Float32Array,
  [outer, n, inner]: readonly number[],
): Launch {
  return {
    kernel: "softmax_grad",
    spec: { log },
    args: [f32Sentinel(g.length), g, y, n, inner],
    units: outer * inner,
  };
}

/** Calls `fn(indices of lane o, i)` for every lane of the shape. */
export function forLanes([outer, n, inner]: readonly number[], fn: (idx: number[]) => void): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      fn(Array.from({ length: n }, (_, j) => (o * n + j) * inner + i));
    }
  }
}

/** Float64 softmax (or log-softmax) of `x` over the middle axis. */
export function softmax64(
  x: ArrayLike<number>,
  shape: readonly number[],
  log: boolean,
): Float64Array {
  const y = new Float64Array(x.length);
  forLanes(shape, (idx) => {
    const m = Math.max(...idx.map((k) => x[k]));
    const s = idx.reduce((a, k) => a + Math.exp(x[k] - m), 0);
    for (const k of idx) y[k] = log ? x[k] - m - Math.log(s) : Math.exp(x[k] - m) / s;
  });
  return y;
}
