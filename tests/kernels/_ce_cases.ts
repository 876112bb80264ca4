/**
 * Shared cases of the fused cross-entropy kernel tests: launches of
 * `cross_entropy` and `cross_entropy_grad` over `[N, C]` logits with
 * targets (some ignored), optional class weights and label smoothing, and
 * float64 references of PyTorch's formulas computed from the float32 inputs.
 */

import { f32Sentinel, f32Values, type Launch } from "./_kernel_harness.ts";

/** `[N, C]` shapes: every `N % 4` (the Wasm kernels run four rows per vector), C from 1. */
export const CE_SHAPES: readonly (readonly [number, number])[] = [
  [1, 1],
  [3, 2],
  [4, 10],
  [5, 3],
  [9, 10],
  [17, 7],
  [2, 13],
  [0, 4],
];

/** One case: logits, targets (every third ignored when `ignore`), weights. */
export interface CeCase {
  readonly N: number;
  readonly C: number;
  readonly x: Float32Array;
  readonly t: Int32Array;
  readonly w: Float32Array | undefined;
  readonly ignoreIndex: number;
  readonly eps: number;
}

/** A random case (`special`: NaN, ±Infinity and ±0 among the logits). */
export function ceCase(
  [N, C]: readonly number[],
  r: () => number,
  o: { weighted: boolean; eps: number; scale: number; special?: boolean },
): CeCase {
  const ignoreIndex = -100;
  const t = Int32Array.from({ length: N }, (_, i) => i % 3 === 1 ? ignoreIndex : (r() * C) | 0);
  const x = f32Values(N * C, r, { special: o.special ?? false }).map((v) => v * o.scale);
  const w = o.weighted ? Float32Array.from({ length: C }, () => 0.2 + r() * 1.8) : undefined;
  return { N, C, x, t, w, ignoreIndex, eps: o.eps };
}

/** A `cross_entropy` launch. */
export function ceLaunch(c: CeCase, reduction: "none" | "sum" | "mean"): Launch {
  const all = reduction !== "none";
  return {
    kernel: "cross_entropy",
    spec: { weighted: c.w !== undefined, smooth: c.eps > 0, reduction },
    args: [f32Sentinel(all ? 1 : c.N), c.x, c.t, c.w ?? 0, c.N, c.C, c.ignoreIndex, c.eps],
    units: all ? 1 : c.N,
  };
}

/** A `cross_entropy_grad` launch (`g` one value, or one per row for `"none"`). */
export function ceGradLaunch(
  c: CeCase,
  reduction: "none" | "sum" | "mean",
  g: Float32Array,
): Launch {
  return {
    kernel: "cross_entropy_grad",
    spec: { weighted: c.w !== undefined, smooth: c.eps > 0, mean: reduction === "mean" },
    args: [
      f32Sentinel(c.N * c.C),
      g,
      c.x,
      c.t,
      c.w ?? 0,
      c.N,
      c.C,
      c.ignoreIndex,
      c.eps,
      reduction === "none" ? 1 : 0,
    ],
    units: c.N,
  };
}

/** Float64 log-softmax of row `i`. */
function logSoftmax64(c: CeCase, i: number): number[] {
  const row = Array.from(c.x.subarray(i * c.C, (i + 1) * c.C));
  const m = Math.max(...row), ls = Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
  return row.map((v) => v - m - ls);
}

const weightOf = (c: CeCase, k: number) => (c.w ? c.w[k] : 1);

/** Float64 loss (one per row for `"none"`), as PyTorch defines it. */
export function ce64(c: CeCase, reduction: "none" | "sum" | "mean"): number[] {
  const rows: number[] = [];
  let W = 0;
  for (let i = 0; i < c.N; i++) {
    const k = c.t[i];
    if (k === c.ignoreIndex) {
      rows.push(0);
      continue;
    }
    const lp = logSoftmax64(c, i), smooth = -lp.reduce((s, v, j) => s + weightOf(c, j) * v, 0);
    W += weightOf(c, k);
    rows.push((1 - c.eps) * -weightOf(c, k) * lp[k] + (c.eps / c.C) * smooth);
  }
  if (reduction === "none") return rows;
  const total = rows.reduce((s, v) => s + v, 0);
  return [reduction === "sum" ? total : total / W];
}

/** Float64 gradient of the logits, `[N, C]`. */
export function ceGrad64(c: CeCase, reduction: "none" | "sum" | "mean", g: Float32Array): number[] {
  const out: number[] = [];
  let W = 0, wSum = 0;
  for (let i = 0; i < c.N; i++) if (c.t[i] !== c.ignoreIndex) W += weightOf(c, c.t[i]);
  for (let j = 0; j < c.C; j++) wSum += weightOf(c, j);
  for (let i = 0; i < c.N; i++) {
    const k = c.t[i], lp = logSoftmax64(c, i);
    const gi = (reduction === "none" ? g[i] : g[0]) / (reduction === "mean" ? W : 1);
    for (let j = 0; j < c.C; j++) {
      if (k === c.ignoreIndex) {
        out.push(0);
        continue;
      }
      const p = Math.exp(lp[j]);
      const nll = (1 - c.eps) * weightOf(c, k) * (p - (j === k ? 1 : 0));
      out.push(gi * (nll + (c.eps / c.C) * (wSum * p - weightOf(c, j))));
    }
  }
  return out;
}
